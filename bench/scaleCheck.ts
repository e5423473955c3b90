#!/usr/bin/env node
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEndState } from '../client/endStateCheck';
import { collectHistoryStats, summarizeHistoryStats } from '../client/historyStats';
import { searchAttributeKeys } from '../common/searchAttributes';
import { startSandboxes } from '../sandbox';
import { findTemporalCli } from '../worker/temporalCli';
import { MeasuredProcess } from './childProcess';
import { createBenchTenant, TemporalPath } from './paths';

const EMPLOYEES = Number(process.env.SCALE_CHECK_EMPLOYEES ?? 50_000);
/** Bounds the sync is designed to, well inside Temporal's 2 MB payload and ~51,200-event run limits. */
const MAX_PAYLOAD_BYTES = 256 * 1024;
const MAX_EVENTS_PER_RUN = 10_000;

/**
 * CI check that one full sync of a 50,000-employee company completes through a worker process, a Temporal
 * dev server and the sandboxes, and leaves Learn Amp in the state HiBob implies. The Learn Amp sandbox has
 * no write limit here, so orchestration sets the pace. Exits with 1 on any failure.
 */
async function main(): Promise<void> {
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  const cli = await findTemporalCli();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1', ui: false, searchAttributes: searchAttributeKeys },
  });
  const sandboxes = await startSandboxes();
  const dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-scale-'));
  let path: TemporalPath | null = null;
  const failures: string[] = [];
  try {
    const tenant = createBenchTenant(sandboxes, 'scale', EMPLOYEES, 42);
    path = await TemporalPath.start({ address: env.address, dataDir, taskQueue: 'scale-check', sandboxes });
    log(`Syncing ${EMPLOYEES.toLocaleString('en-US')} employees`);
    const { wallMs, status } = await path.sync(tenant, 1, {
      batchSize: 1250,
      writeConcurrency: 16,
      learnampWritesPerSecond: 1000,
      // A batch of 1,250 writes adds about 6,000 events, so runs stay under 10,000 events.
      continueAsNewAfterEvents: 3000,
    });
    log(`Sync completed in ${(wallMs / 1000).toFixed(0)} s: ${JSON.stringify(status.lastRun?.counts)}`);

    const check = checkEndState(sandboxes.hibob.company(tenant.companyId).employees, sandboxes.learnamp.account(tenant.accountId).users, new Date().toISOString().slice(0, 10));
    log(`End state: ${check.currentEmployeesActive} current employees active, ${check.leaversDeactivated} leavers deactivated`);
    failures.push(...check.failures.slice(0, 20));
    if (check.failures.length > 20) failures.push(`... and ${check.failures.length - 20} more end-state failures`);
    if (check.currentEmployeesActive < EMPLOYEES * 0.8) failures.push(`only ${check.currentEmployeesActive} current employees have an active user`);

    const history = summarizeHistoryStats(await collectHistoryStats(path.context.client, `hibob-sync/${status.lastRun!.syncId}`));
    log(`History: ${history.runs} runs, at most ${history.maxEvents} events in one, largest event payload ${history.maxEventPayloadBytes} bytes`);
    if (history.maxEvents > MAX_EVENTS_PER_RUN) failures.push(`a run of the sync has ${history.maxEvents} events, more than ${MAX_EVENTS_PER_RUN}`);
    if (history.maxEventPayloadBytes > MAX_PAYLOAD_BYTES) failures.push(`an event carries ${history.maxEventPayloadBytes} bytes of payload, more than ${MAX_PAYLOAD_BYTES}`);
  } finally {
    await path?.close();
    await sandboxes.close();
    await env.teardown();
    if (failures.length === 0) rmSync(dataDir, { recursive: true, force: true });
    else log(`Worker log kept in ${dataDir}`);
  }
  for (const failure of failures) console.error(`FAILED: ${failure}`);
  log(failures.length === 0 ? 'Scale check passed' : 'Scale check failed');
  process.exitCode = failures.length === 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    MeasuredProcess.stopAll();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(`scale check: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
