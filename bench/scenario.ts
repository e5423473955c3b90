import { join } from 'node:path';
import { checkEndState } from '../client/endStateCheck';
import { collectHistoryStats, summarizeHistoryStats } from '../client/historyStats';
import { TenantSettings, tenantSettingsWithDefaults, tenantWorkflowId } from '../common/tenant';
import type { Sandboxes } from '../sandbox';
import { ApiCalls, countApiCalls, hibobQuotaWaits } from './apiCalls';
import { BenchTenant, createBenchTenant, DirectPath, TemporalPath } from './paths';

/** Settings every benchmark tenant gets, on both paths. */
export interface BenchSettings {
  batchSize: number;
  /** The tenants' `learnampWritesPerSecond` and the Learn Amp sandbox's limit per account. */
  writesPerSecond: number;
  writeConcurrency: number;
  continueAsNewAfterEvents: number;
  seed: number;
  /** HiBob's people/search quota, as the sandbox enforces it. */
  hibobLimit: { perMinute: number; windowMs: number };
}

export const PHASES = ['first sync', 'no-op resync', '1% change resync'] as const;
export type PhaseName = (typeof PHASES)[number];

/** Figures of one sync on one path. */
export interface SyncFigures {
  wallMs: number;
  calls: ApiCalls;
  hibobWaits: { waits: number; seconds: number };
  /** Successful Learn Amp writes divided by what the write limit allows in the sync's wall time. */
  writeUtilisation: number;
  /** Peak RSS of the process that ran the sync (the worker, or the direct script); null where /proc cannot be read. */
  peakRssBytes: number | null;
}

export interface TemporalFigures extends SyncFigures {  /** Runs of the sync's workflow (continue-as-new), the most events in one and the largest event payload. */
  history: { runs: number; maxEvents: number; maxEventPayloadBytes: number };
}

export interface PhaseResult {
  size: number;
  phase: PhaseName;
  temporal: TemporalFigures;
  direct: SyncFigures;
}

export interface SizeResult {
  size: number;
  phases: PhaseResult[];
  /** End-state check failures after the first sync (see client/endStateCheck.ts). */
  endStateFailures: { temporal: number; direct: number };
  workerStartupPeakRssBytes: number | null;
  /** All runs of the tenant workflow itself. */
  tenantHistory: { runs: number; maxEvents: number; maxEventPayloadBytes: number };
}

/** Shared by every size: the dev server address, the sandboxes and the folder for data and logs. */
export interface BenchInfrastructure {
  address: string;
  sandboxes: Sandboxes;
  dataDir: string;
  log: (line: string) => void;
}

/**
 * Benchmarks one company size: a first sync, a no-op resync and a resync after 1% of employees changed,
 * each on the Temporal path and then on the direct path, with identical companies and settings.
 */
export async function benchmarkSize(infra: BenchInfrastructure, size: number, settings: BenchSettings): Promise<SizeResult> {
  const { sandboxes, log } = infra;
  const tenantSettings: TenantSettings = tenantSettingsWithDefaults({
    batchSize: settings.batchSize,
    writeConcurrency: settings.writeConcurrency,
    learnampWritesPerSecond: settings.writesPerSecond,
    continueAsNewAfterEvents: settings.continueAsNewAfterEvents,
    invitePolicy: 'on_start_date',
  });
  const temporalTenant = createBenchTenant(sandboxes, `bench-t-${size}`, size, settings.seed);
  const directTenant = createBenchTenant(sandboxes, `bench-d-${size}`, size, settings.seed);
  const temporal = await TemporalPath.start({ address: infra.address, dataDir: join(infra.dataDir, `${size}-temporal`), taskQueue: `bench-${size}`, sandboxes });
  const workerStartupPeakRssBytes = temporal.worker.peakRssBytes();
  const direct = DirectPath.start(join(infra.dataDir, `${size}-direct`), sandboxes);
  await direct.connect(directTenant, tenantSettings);

  const phases: PhaseResult[] = [];
  let endStateFailures = { temporal: 0, direct: 0 };
  try {
    for (const [index, phase] of PHASES.entries()) {
      const syncNumber = index + 1;
      if (phase === '1% change resync') {
        changeOnePercent(sandboxes, temporalTenant);
        changeOnePercent(sandboxes, directTenant);
      }
      log(`${size} employees, ${phase}: Temporal path`);
      const temporalFigures = await measureTemporal(infra, temporal, temporalTenant, syncNumber, tenantSettings, settings);
      log(`  ${(temporalFigures.wallMs / 1000).toFixed(1)} s; direct path`);
      const directFigures = await measureDirect(infra, direct, directTenant, syncNumber, settings);
      log(`  ${(directFigures.wallMs / 1000).toFixed(1)} s`);
      phases.push({ size, phase, temporal: temporalFigures, direct: directFigures });
      if (phase === 'first sync') {
        endStateFailures = { temporal: endStateFailureCount(sandboxes, temporalTenant), direct: endStateFailureCount(sandboxes, directTenant) };
      }
    }
    const tenantRuns = await collectHistoryStats(temporal.context.client, tenantWorkflowId(temporalTenant.tenantId), { followChildren: false });
    return { size, phases, endStateFailures, workerStartupPeakRssBytes, tenantHistory: summarizeHistoryStats(tenantRuns) };
  } finally {
    await Promise.all([temporal.close(), direct.close()]);
  }
}

async function measureTemporal(
  infra: BenchInfrastructure,
  path: TemporalPath,
  tenant: BenchTenant,
  syncNumber: number,
  tenantSettings: TenantSettings,
  settings: BenchSettings,
): Promise<TemporalFigures> {
  const marks = markLogs(infra.sandboxes);
  path.worker.resetPeak();
  const { wallMs, status } = await path.sync(tenant, syncNumber, tenantSettings);
  const peakRssBytes = path.worker.peakRssBytes();
  const runs = await collectHistoryStats(path.context.client, `hibob-sync/${status.lastRun!.syncId}`);
  return { ...figures(infra, marks, tenant, wallMs, settings), peakRssBytes, history: summarizeHistoryStats(runs) };
}

async function measureDirect(infra: BenchInfrastructure, path: DirectPath, tenant: BenchTenant, syncNumber: number, settings: BenchSettings): Promise<SyncFigures> {
  const marks = markLogs(infra.sandboxes);
  path.process.resetPeak();
  const result = await path.sync(tenant, syncNumber);
  return { ...figures(infra, marks, tenant, result.wallMs, settings), peakRssBytes: path.process.peakRssBytes() };
}

interface LogMarks {
  hibob: number;
  learnamp: number;
  at: number;
}

function markLogs(sandboxes: Sandboxes): LogMarks {
  return { hibob: sandboxes.hibob.requests.length, learnamp: sandboxes.learnamp.requests.length, at: Date.now() };
}

function figures(
  infra: BenchInfrastructure,
  marks: LogMarks,
  tenant: BenchTenant,
  wallMs: number,
  settings: BenchSettings,
): Omit<SyncFigures, 'peakRssBytes'> {
  const { hibob, learnamp } = infra.sandboxes;
  const calls = countApiCalls(hibob.requests.slice(marks.hibob), learnamp.requests.slice(marks.learnamp), tenant);
  return {
    wallMs,
    calls,
    hibobWaits: hibobQuotaWaits(hibob.requests, tenant.companyId, settings.hibobLimit, marks.at),
    writeUtilisation: calls.learnampWrites / (settings.writesPerSecond * (wallMs / 1000)),
  };
}

/** Changes the surname of every hundredth employee, the same ones in companies generated from the same seed. */
function changeOnePercent(sandboxes: Sandboxes, tenant: BenchTenant): void {
  const company = sandboxes.hibob.company(tenant.companyId);
  company.employees
    .filter((_, index) => index % 100 === 0)
    .forEach((employee) => company.updateEmployee(employee.id, { surname: `${employee.surname}-Moreau` }));
}

function endStateFailureCount(sandboxes: Sandboxes, tenant: BenchTenant): number {
  const employees = sandboxes.hibob.company(tenant.companyId).employees;
  const users = sandboxes.learnamp.account(tenant.accountId).users;
  return checkEndState(employees, users, new Date().toISOString().slice(0, 10)).failures.length;
}
