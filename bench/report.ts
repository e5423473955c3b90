import type { ApiCalls } from './apiCalls';
import type { BenchSettings, PhaseResult, SizeResult } from './scenario';

/** Run metadata: the command, date, machine and Temporal CLI version. */
export interface RunContext {
  command: string;
  date: string;
  machine: string;
  temporalCli: string;
}

/** Text after this line in docs/benchmarks.md is written by hand and kept when the benchmark rewrites the file. */
export const ANALYSIS_MARKER = '<!-- Everything below this line is kept when `npm run bench` rewrites the file. -->';

const KB = 1024;
const MB = 1024 * 1024;
const MAX_PAYLOAD_BYTES = 256 * KB;
const MAX_EVENTS_PER_RUN = 10_000;
const MAX_WORKER_RSS_BYTES = 300 * MB;
const MAX_FIRST_SYNC_RATIO = 1.15;
const MAX_NO_OP_SHARE = 0.05;

/** Renders the results as Markdown, followed by `analysis` (the hand-written part of the previous file). */
export function renderReport(results: readonly SizeResult[], settings: BenchSettings, context: RunContext, analysis: string): string {
  const phases = results.flatMap((result) => result.phases);
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`); run it again to refresh the figures.',
    '',
    '## Run',
    '',
    `- Command: \`${context.command}\``,
    `- Date: ${context.date}`,
    `- Machine: ${context.machine}`,
    `- Temporal: \`temporal server start-dev\` (${context.temporalCli}), in-memory persistence, started by \`@temporalio/testing\``,
    `- Settings of every tenant: batch size ${settings.batchSize}, write concurrency ${settings.writeConcurrency}, ` +
      `\`continueAsNewAfterEvents\` ${settings.continueAsNewAfterEvents}, ` +
      `\`learnampWritesPerSecond\` ${settings.writesPerSecond}; the Learn Amp sandbox allows the same ${settings.writesPerSecond} writes a second per account; ` +
      `HiBob allows ${settings.hibobLimit.perMinute} people searches per ${settings.hibobLimit.windowMs / 1000} s per company. SQLite store, encrypted payloads.`,
    '',
    '## How it is measured',
    '',
    'For each size, two identical companies (same seed) are synced. The worker syncs one through Temporal. The',
    'direct script (`bench/directSync.ts`) syncs the other: it calls the same activity functions in the same order',
    'and with the same write concurrency, without a Temporal server. Both make the same HTTP calls, so the ratio of',
    'their wall times is the cost of orchestration. Each size runs a first sync, a no-op resync, and a resync after',
    'the surname of every hundredth employee changed, Temporal path first.',
    '',
    '- API calls come from the sandboxes\' request logs. HiBob quota waits replay the sandbox\'s rate window over',
    '  those logs.',
    '- The worker and the direct script each run in their own long-lived process. Peak RSS is `VmHWM` from',
    '  `/proc/<pid>/status`, reset before each sync.',
    '- Payload sizes and event counts come from `fetchHistory()` of every run of the sync\'s workflow. A payload\'s',
    '  size is the bytes stored (after encryption), summed over the payloads of one event.',
    '- Temporal wall time runs from the connect or sync request to the first `status` query that shows the run',
    '  finished, polled every 50 ms. Direct wall time is measured inside the script.',
    '',
    '## Results',
    '',
    '| employees | sync | Temporal | direct | ratio | Learn Amp writes | write-limit use (T / D) | HiBob calls (T / D) | HiBob quota waits (T) | peak RSS (T worker / D) | largest payload | most events in a run (runs) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...phases.map(resultRow),
    '',
    '### API calls per kind',
    '',
    'Temporal path; the direct path made the same calls unless a second line says otherwise.',
    '',
    '| employees | sync | path | HiBob | Learn Amp |',
    '| ---: | --- | --- | --- | --- |',
    ...phases.flatMap(callRows),
    '',
    '### Other figures',
    '',
    '| employees | end-state check failures (T / D) | worker peak RSS at start-up | tenant workflow: runs, most events, largest payload |',
    '| ---: | ---: | ---: | --- |',
    ...results.map(
      (result) =>
        `| ${count(result.size)} | ${result.endStateFailures.temporal} / ${result.endStateFailures.direct} | ${megabytes(result.workerStartupPeakRssBytes)} | ` +
        `${result.tenantHistory.runs}, ${count(result.tenantHistory.maxEvents)}, ${kilobytes(result.tenantHistory.maxEventPayloadBytes)} |`,
    ),
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...targetRows(results, settings),
    '',
    ANALYSIS_MARKER,
    analysis.trimEnd(),
    '',
  ].join('\n');
}

function resultRow(result: PhaseResult): string {
  const { temporal, direct } = result;
  return (
    `| ${count(result.size)} | ${result.phase} | ${seconds(temporal.wallMs)} | ${seconds(direct.wallMs)} | ${ratio(temporal.wallMs, direct.wallMs)} | ` +
    `${count(temporal.calls.learnampWrites)} | ${percent(temporal.writeUtilisation)} / ${percent(direct.writeUtilisation)} | ` +
    `${temporal.calls.hibobTotal} / ${direct.calls.hibobTotal} | ${temporal.hibobWaits.waits} (${temporal.hibobWaits.seconds.toFixed(1)} s) | ` +
    `${megabytes(temporal.peakRssBytes)} / ${megabytes(direct.peakRssBytes)} | ${kilobytes(temporal.history.maxEventPayloadBytes)} | ` +
    `${count(temporal.history.maxEvents)} (${temporal.history.runs}) |`
  );
}

function callRows(result: PhaseResult): string[] {
  const temporal = describeCalls(result.temporal.calls);
  const direct = describeCalls(result.direct.calls);
  const rows = [`| ${count(result.size)} | ${result.phase} | ${direct.hibob === temporal.hibob && direct.learnamp === temporal.learnamp ? 'both' : 'Temporal'} | ${temporal.hibob} | ${temporal.learnamp} |`];
  if (direct.hibob !== temporal.hibob || direct.learnamp !== temporal.learnamp) rows.push(`| | | direct | ${direct.hibob} | ${direct.learnamp} |`);
  return rows;
}

function describeCalls(calls: ApiCalls): { hibob: string; learnamp: string } {
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, n]) => `${kind} ${count(n)}`)
      .join(', ') || 'none';
  return { hibob: list(calls.hibob), learnamp: list(calls.learnamp) };
}

function targetRows(results: readonly SizeResult[], settings: BenchSettings): string[] {
  const rows: string[] = [];
  const phase = (size: number, name: PhaseResult['phase']) => results.find((r) => r.size === size)?.phases.find((p) => p.phase === name);
  const row = (target: string, measured: string, met: boolean | null) => rows.push(`| ${target} | ${measured} | ${met === null ? 'not measured' : met ? 'yes' : '**no**'} |`);

  const first10k = phase(10_000, 'first sync');
  const firstRatio = first10k ? first10k.temporal.wallMs / first10k.direct.wallMs : null;
  row(`first sync of 10,000 ≤ ${MAX_FIRST_SYNC_RATIO}× the direct script`, firstRatio === null ? '-' : `${firstRatio.toFixed(2)}×`, firstRatio === null ? null : firstRatio <= MAX_FIRST_SYNC_RATIO);

  const noOp = phase(50_000, 'no-op resync');
  const first50k = phase(50_000, 'first sync');
  const callLimit = Math.ceil(50_000 / settings.batchSize) + 2;
  row('no-op resync of 50,000 makes 0 Learn Amp writes', noOp ? String(noOp.temporal.calls.learnampWrites) : '-', noOp ? noOp.temporal.calls.learnampWrites === 0 : null);
  row(`no-op resync of 50,000 makes ≤ ⌈50,000/${settings.batchSize}⌉ + 2 = ${callLimit} HiBob calls`, noOp ? String(noOp.temporal.calls.hibobTotal) : '-', noOp ? noOp.temporal.calls.hibobTotal <= callLimit : null);
  const share = noOp && first50k ? noOp.temporal.wallMs / first50k.temporal.wallMs : null;
  row(`no-op resync of 50,000 takes ≤ ${MAX_NO_OP_SHARE * 100}% of the first sync`, share === null ? '-' : percent(share), share === null ? null : share <= MAX_NO_OP_SHARE);

  const all = results.flatMap((r) => r.phases.map((p) => p.temporal.history));
  const tenants = results.map((r) => r.tenantHistory);
  const largest = Math.max(0, ...[...all, ...tenants].map((h) => h.maxEventPayloadBytes));
  const longest = Math.max(0, ...[...all, ...tenants].map((h) => h.maxEvents));
  row('every payload ≤ 256 KB', kilobytes(largest), all.length ? largest <= MAX_PAYLOAD_BYTES : null);
  row(`every run ≤ ${count(MAX_EVENTS_PER_RUN)} events`, count(longest), all.length ? longest <= MAX_EVENTS_PER_RUN : null);

  const rss50k = results.find((r) => r.size === 50_000);
  const peak = rss50k ? Math.max(0, ...rss50k.phases.map((p) => p.temporal.peakRssBytes ?? 0)) : null;
  row('worker RSS ≤ 300 MB at 50,000', peak === null ? '-' : megabytes(peak), peak === null ? null : peak <= MAX_WORKER_RSS_BYTES);
  return rows;
}

const count = (n: number) => n.toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
const kilobytes = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const megabytes = (bytes: number | null) => (bytes === null ? '-' : `${Math.round(bytes / MB)} MB`);
