import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { diffAccounts } from '../client/endStateDiff';
import type { ScenarioResult } from './scenarios';

/** The machine and inputs of a run, printed with its figures. */
export interface RunSetup {
  employees: number;
  smallEmployees: number;
  seed: number;
  cpus: number;
  memoryGiB: number;
  node: string;
  temporal: string;
  /** Wall-clock minutes of the whole run, dev servers and sandboxes included. */
  minutes: number;
  /** The machine's 15-minute load average at the end, which shows how much other work shared the CPUs. */
  loadAverage: number;
}

/** One scenario compared with the undisturbed sync of the same company. */
export interface ScenarioVerdict {
  result: ScenarioResult;
  /** The undisturbed run it is compared with; null for an undisturbed run itself. */
  reference: ScenarioResult | null;
  /** Everything that makes the scenario fail: its own checks, differences with HiBob and with the undisturbed sync. */
  failures: string[];
}

/** Compares a scenario's Learn Amp account with HiBob and, for a disturbed one, with the undisturbed account. */
export function judge(result: ScenarioResult, reference: ScenarioResult | null): ScenarioVerdict {
  const failures = [...result.failures, ...result.tenant.checkEndState().failures.slice(0, 10)];
  const summary = result.tenant.summarize();
  if (reference) failures.push(...diffAccounts(reference.tenant.summarize(), summary, 10));
  else failures.push(...summary.duplicates.slice(0, 10).map((key) => `duplicate user ${key}`));
  return { result, reference, failures };
}

/** Formats the figures as Markdown: the setup, a table of scenarios, then each scenario's events and failures. */
export function formatReport(setup: RunSetup, verdicts: readonly ScenarioVerdict[]): string {
  const lines = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${setup.cpus} CPUs and ${setup.memoryGiB} GiB of memory, ` +
      `Node.js ${setup.node}, ${setup.temporal}. Seed ${setup.seed}. All five syncs ran at the same time; the run took ` +
      `${setup.minutes.toFixed(1)} minutes, with a 15-minute load average of ${setup.loadAverage.toFixed(1)} at its end.`,
    '',
    '| scenario | employees | first sync | time to converge | Learn Amp writes | writes undisturbed | users | active | deactivated | end state |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { result, reference, failures } of verdicts) {
    const check = result.tenant.checkEndState();
    const cells = [
      result.name,
      result.tenant.company.employees.length.toLocaleString('en'),
      result.status.lastRun?.outcome ?? '-',
      `${result.secondsToConverge.toFixed(0)} s`,
      String(result.tenant.writes()),
      reference ? String(reference.tenant.writes()) : '-',
      String(result.tenant.account.users.length),
      String(check.activeUsers),
      String(check.deactivatedUsers),
      verdictText(failures, reference),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  for (const { result, failures } of verdicts) {
    if (result.events.length === 0 && failures.length === 0) continue;
    lines.push('', `${result.name}:`, '');
    for (const event of result.events) lines.push(`- ${event}`);
    for (const failure of failures) lines.push(`- FAILED: ${failure}`);
  }
  return lines.join('\n');
}

function verdictText(failures: readonly string[], reference: ScenarioResult | null): string {
  if (failures.length > 0) return 'FAIL';
  return reference ? 'same as undisturbed' : 'matches HiBob';
}

export const DOC_START = '<!-- chaos-results:start -->';
export const DOC_END = '<!-- chaos-results:end -->';

/** Replaces the block between the chaos markers in `docFile`; returns false when the file or a marker is missing. */
export function writeReportToDoc(docFile: string, report: string): boolean {
  if (!existsSync(docFile)) return false;
  const text = readFileSync(docFile, 'utf8');
  const start = text.indexOf(DOC_START);
  const end = text.indexOf(DOC_END);
  if (start < 0 || end < start) return false;
  writeFileSync(docFile, `${text.slice(0, start + DOC_START.length)}\n${report}\n${text.slice(end)}`);
  return true;
}
