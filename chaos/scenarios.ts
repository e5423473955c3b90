import type { TenantStatus } from '../common/status';
import { ChaosTenant } from './chaosTenant';
import { ChaosDevServer, sleep, WorkerProcess } from './processes';

/** Starts a worker process for one task queue and one Temporal server; `name` is part of its log file name. */
export type StartWorker = (name: string) => Promise<WorkerProcess>;

/** Record of one scenario's disturbances and of how its sync ended, which `main` compares with the undisturbed run. */
export interface ScenarioResult {
  name: string;
  tenant: ChaosTenant;
  status: TenantStatus;
  /** Seconds from connect until the first sync had ended. */
  secondsToConverge: number;
  /** One line per disturbance, e.g. a kill point and how long the sync stalled after it. */
  events: string[];
  /** Checks particular to the scenario that failed, e.g. a worker that outlived its grace time. */
  failures: string[];
}

/** Grace time `createSyncWorker` gives running activities after SIGTERM. */
export const SHUTDOWN_GRACE_SECONDS = 30;
/** Time a process needs after the grace time to close its connections and exit. */
const EXIT_MARGIN_SECONDS = 5;
/** A sync of 10,000 employees takes minutes; with restarts and timeouts it may take several more. */
const CONVERGE_TIMEOUT_MS = 25 * 60 * 1000;
/** Writes a restarted worker must make before the next kill, so every restart moves the sync on. */
const MIN_WRITES_BETWEEN_KILLS = 100;
/** Writes after a disturbance that show the sync is moving again, for the recovery figure. */
const RECOVERY_WRITES = 25;

const seconds = (fromMs: number, toMs: number = Date.now()) => (toMs - fromMs) / 1000;
const format = (value: number) => value.toFixed(1);
const formatOrDash = (value: number | null) => (value === null ? '-' : format(value));

/** Runs the reference sync on one worker that is never disturbed. */
export async function runUndisturbed(tenant: ChaosTenant, startWorker: StartWorker): Promise<ScenarioResult> {
  const worker = await startWorker('worker');
  await tenant.connect();
  const status = await tenant.waitForFirstSync(CONVERGE_TIMEOUT_MS);
  const result = finished('undisturbed', tenant, status, [], []);
  await stopGracefully(worker);
  return result;
}

/**
 * Kills the worker with SIGKILL when the tenant's write count reaches each of `killAtWrites` in turn, and
 * starts a new one at once. Activities that were running on the killed worker are retried only after their
 * start-to-close timeout, so each kill shows as a stall before the next write.
 */
export async function runWithKills(tenant: ChaosTenant, startWorker: StartWorker, killAtWrites: readonly number[]): Promise<ScenarioResult> {
  const kills: { killedAt: number; writes: number; restartedAt: number }[] = [];
  let worker = await startWorker('worker-0');
  await tenant.connect();
  let syncEnded = false;
  const ended = tenant.waitForFirstSync(CONVERGE_TIMEOUT_MS).finally(() => (syncEnded = true));

  let floor = 0;
  for (const target of killAtWrites) {
    await Promise.race([tenant.whenWrites(Math.max(target, floor)), ended.catch(() => undefined)]);
    if (syncEnded) break;
    const killedAt = Date.now();
    const writes = tenant.writes();
    worker.signal('SIGKILL');
    await worker.exited;
    worker = await startWorker(`worker-${kills.length + 1}`);
    kills.push({ killedAt, writes, restartedAt: Date.now() });
    floor = writes + MIN_WRITES_BETWEEN_KILLS;
  }
  const status = await ended;
  await stopGracefully(worker);

  const events = kills.map(
    (kill, index) =>
      `kill ${index + 1}: SIGKILL ${format(seconds(tenant.connectedAt, kill.killedAt))} s after connect, at ${kill.writes} writes; ` +
      `new worker polling ${format(seconds(kill.killedAt, kill.restartedAt))} s later; ` +
      `${RECOVERY_WRITES} more writes ${formatOrDash(tenant.secondsUntilWrites(kill.killedAt, kill.writes, RECOVERY_WRITES))} s after the kill`,
  );
  const failures = kills.length < killAtWrites.length ? [`only ${kills.length} of ${killAtWrites.length} kills were made before the sync ended`] : [];
  return finished('worker killed', tenant, status, events, failures);
}

/**
 * Sends SIGTERM to the worker when the tenant's write count reaches `atWrites`, checks that the process
 * exits within the shutdown grace time, then starts a new worker and lets the sync finish.
 */
export async function runWithSigterm(tenant: ChaosTenant, startWorker: StartWorker, atWrites: number): Promise<ScenarioResult> {
  const events: string[] = [];
  const failures: string[] = [];
  const worker = await startWorker('worker-0');
  await tenant.connect();
  await tenant.whenWrites(atWrites);
  const signalledAt = Date.now();
  const writesAtSignal = tenant.writes();
  worker.signal('SIGTERM');
  const exit = await worker.exited;
  const exitSeconds = seconds(signalledAt, exit.at);
  if (exitSeconds > SHUTDOWN_GRACE_SECONDS + EXIT_MARGIN_SECONDS) {
    failures.push(`the worker exited ${format(exitSeconds)} s after SIGTERM, beyond the ${SHUTDOWN_GRACE_SECONDS} s grace time`);
  }
  if (exit.code !== 0) failures.push(`the worker exited with ${exit.signal ?? `code ${exit.code}`} after SIGTERM`);
  const writesAtExit = tenant.writes();
  events.push(
    `SIGTERM ${format(seconds(tenant.connectedAt, signalledAt))} s after connect, at ${writesAtSignal} writes; ` +
      `exited ${format(exitSeconds)} s later with ${exit.signal ?? `code ${exit.code}`}, after ${writesAtExit - writesAtSignal} more writes`,
  );
  const restarted = await startWorker('worker-1');
  const restartedAt = Date.now();
  const status = await tenant.waitForFirstSync(CONVERGE_TIMEOUT_MS);
  events.push(
    `new worker polling ${format(seconds(exit.at, restartedAt))} s after the exit; ` +
      `${RECOVERY_WRITES} more writes ${formatOrDash(tenant.secondsUntilWrites(signalledAt, writesAtExit, RECOVERY_WRITES))} s after SIGTERM`,
  );
  await stopGracefully(restarted);
  return finished('worker stopped with SIGTERM', tenant, status, events, failures);
}

/**
 * Kills the Temporal dev server with SIGKILL when the tenant's write count reaches `atWrites`, leaves it
 * down for `downForMs`, and starts it again on the same SQLite file while the worker keeps running.
 */
export async function runWithServerRestart(
  tenant: ChaosTenant,
  startWorker: StartWorker,
  server: ChaosDevServer,
  atWrites: number,
  downForMs: number,
): Promise<ScenarioResult> {
  const events: string[] = [];
  const worker = await startWorker('worker');
  await tenant.connect();
  await tenant.whenWrites(atWrites);
  const killedAt = Date.now();
  const writesAtKill = tenant.writes();
  await server.kill();
  await sleep(downForMs);
  await server.startAgain();
  const backAt = Date.now();
  const status = await tenant.waitForFirstSync(CONVERGE_TIMEOUT_MS);
  const writesWhenBack = tenant.writeTimes.filter((at) => at <= backAt).length;
  events.push(
    `dev server SIGKILL ${format(seconds(tenant.connectedAt, killedAt))} s after connect, at ${writesAtKill} writes; ` +
      `answering again ${format(seconds(killedAt, backAt))} s later on the same SQLite file; ` +
      `${RECOVERY_WRITES} more writes ${formatOrDash(tenant.secondsUntilWrites(backAt, writesWhenBack, RECOVERY_WRITES))} s after that`,
  );
  await stopGracefully(worker);
  return finished('Temporal dev server restarted', tenant, status, events, []);
}

function finished(name: string, tenant: ChaosTenant, status: TenantStatus, events: string[], failures: string[]): ScenarioResult {
  if (status.lastRun?.outcome !== 'completed') failures.push(`the first sync ended ${status.lastRun?.outcome ?? 'without a run'} (state ${status.state})`);
  return { name, tenant, status, secondsToConverge: seconds(tenant.connectedAt), events, failures };
}

async function stopGracefully(worker: WorkerProcess): Promise<void> {
  worker.signal('SIGTERM');
  await worker.exited;
}
