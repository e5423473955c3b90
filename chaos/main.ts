import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import type { AdminContext } from '../client/adminActions';
import { openAdminContext } from '../client/temporalConnection';
import { startSandboxes, type Sandboxes } from '../sandbox';
import { loadConfig } from '../worker/config';
import { findTemporalCli } from '../worker/temporalCli';
import { ChaosTenant } from './chaosTenant';
import { ChaosDevServer, killAllStarted, WorkerProcess } from './processes';
import { formatReport, judge, writeReportToDoc } from './report';
import { runUndisturbed, runWithKills, runWithServerRestart, runWithSigterm, StartWorker } from './scenarios';

/**
 * Share of employees that get a Learn Amp write in a first sync: current employees are created and leavers
 * deactivated, and only future joiners and broken records are left out.
 */
const WRITTEN_SHARE = 0.95;
/** Kill points are drawn from this part of the expected writes, so each lands mid-sync. */
const KILL_RANGE = [0.03, 0.85] as const;
const SIGTERM_AT = 0.5;
const SERVER_RESTART_AT = 0.4;
/** How long the dev server stays down before it is started again. */
const SERVER_DOWN_MS = 5_000;

interface ChaosOptions {
  employees: number;
  /** Employees of the SIGTERM and server-restart scenarios and their undisturbed reference. */
  smallEmployees: number;
  seed: number;
  kills: number;
  doc: string | false;
}

/**
 * Runs five first syncs at once, each into its own Learn Amp account. A large company is synced once
 * undisturbed and once while its worker is killed with SIGKILL several times. A smaller company of the
 * same seed is synced undisturbed, with a worker stopped by SIGTERM, and with its Temporal dev server
 * killed and started again. Workers are child processes (`lib/worker/main.js`), and the sandboxes run in
 * this process so their state can be read. Returns false when an end state differs from the undisturbed
 * one or from HiBob.
 */
async function main(options: ChaosOptions): Promise<boolean> {
  const startedAt = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'hibob-sync-chaos-'));
  const logDir = join(root, 'logs');
  mkdirSync(logDir);
  const random = mulberry32(options.seed);
  const today = new Date().toISOString().slice(0, 10);
  print(`Chaos run: ${options.employees} and ${options.smallEmployees} employees, seed ${options.seed}, ${options.kills} kills; logs in ${logDir}`);

  let sandboxes: Sandboxes | null = null;
  const contexts: (AdminContext & { close(): Promise<void> })[] = [];
  try {
    // The restart scenario gets a server of its own, so restarting it disturbs no other scenario.
    const [shared, restartable] = await Promise.all([ChaosDevServer.start(join(root, 'temporal-a')), ChaosDevServer.start(join(root, 'temporal-b'))]);
    sandboxes = await startSandboxes();
    const baseEnv = workerEnvironment(join(root, 'store'));
    const envFor = (server: ChaosDevServer, taskQueue: string) => ({ ...baseEnv, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue });
    const tenantOn = async (server: ChaosDevServer, tenantId: string, employees: number) => {
      const context = await openAdminContext(loadConfig(envFor(server, `chaos-${tenantId}`)));
      contexts.push(context);
      const tenant = new ChaosTenant({ tenantId, employees, seed: options.seed, today, sandboxes: sandboxes!, context });
      const startWorker: StartWorker = (name) => WorkerProcess.start({ env: envFor(server, context.taskQueue), logDir, name: `${tenantId}-${name}` });
      return { tenant, startWorker };
    };

    const expectedWrites = Math.round(options.employees * WRITTEN_SHARE);
    const killPoints = Array.from({ length: options.kills }, () => Math.round(expectedWrites * (KILL_RANGE[0] + random() * (KILL_RANGE[1] - KILL_RANGE[0])))).sort((a, b) => a - b);
    print(`Kill points (Learn Amp writes made): ${killPoints.join(', ')}`);
    const smallExpectedWrites = Math.round(options.smallEmployees * WRITTEN_SHARE);

    const calm = await tenantOn(shared, 'calm', options.employees);
    const killed = await tenantOn(shared, 'killed', options.employees);
    const calmSmall = await tenantOn(shared, 'calm-small', options.smallEmployees);
    const terminated = await tenantOn(shared, 'terminated', options.smallEmployees);
    const restarted = await tenantOn(restartable, 'restarted', options.smallEmployees);
    const [undisturbed, withKills, undisturbedSmall, withSigterm, withServerRestart] = await Promise.all([
      runUndisturbed(calm.tenant, calm.startWorker),
      runWithKills(killed.tenant, killed.startWorker, killPoints),
      runUndisturbed(calmSmall.tenant, calmSmall.startWorker),
      runWithSigterm(terminated.tenant, terminated.startWorker, Math.round(smallExpectedWrites * SIGTERM_AT)),
      runWithServerRestart(restarted.tenant, restarted.startWorker, restartable, Math.round(smallExpectedWrites * SERVER_RESTART_AT), SERVER_DOWN_MS),
    ]);
    const verdicts = [
      judge(undisturbed, null),
      judge(withKills, undisturbed),
      judge(undisturbedSmall, null),
      judge(withSigterm, undisturbedSmall),
      judge(withServerRestart, undisturbedSmall),
    ];

    const report = formatReport(
      {
        employees: options.employees,
        smallEmployees: options.smallEmployees,
        seed: options.seed,
        cpus: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        temporal: await temporalVersion(),
        minutes: (Date.now() - startedAt) / 60_000,
        loadAverage: loadavg()[2]!,
      },
      verdicts,
    );
    print(`\n${report}\n`);
    if (options.doc) {
      if (writeReportToDoc(options.doc, report)) print(`Figures written to ${options.doc}`);
      else print(`Figures not written: ${options.doc} has no chaos-results markers`);
    }
    const failed = verdicts.filter((verdict) => verdict.failures.length > 0).length;
    print(`chaos: ${verdicts.length - failed} scenarios passed, ${failed} failed`);
    rmSync(root, { recursive: true, force: true });
    return failed === 0;
  } finally {
    await sandboxes?.close();
    for (const context of contexts) await context.close().catch(() => undefined);
    killAllStarted();
  }
}

/**
 * Environment of every worker: one SQLite store for all of them and for this process, fixed keys so they
 * can open each other's secrets and payloads, and none of the settings that point elsewhere.
 */
function workerEnvironment(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HIBOB_SYNC_DATA_DIR: dataDir,
    HIBOB_SYNC_SECRET_KEYS: randomBytes(32).toString('base64'),
    HIBOB_SYNC_PAYLOAD_KEYS: randomBytes(32).toString('base64'),
    TEMPORAL_NAMESPACE: 'default',
    LOG_LEVEL: 'info',
  };
  for (const name of ['DATABASE_URL', 'METRICS_PORT', 'TEMPORAL_METRICS_PORT']) delete env[name];
  return env;
}

async function temporalVersion(): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(await findTemporalCli(), ['--version']);
    return stdout.trim();
  } catch {
    return 'temporal CLI version unknown';
  }
}

/** Returns a seeded generator of numbers in [0, 1), so a seed reproduces the kill points. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return number;
}

const program = new Command('chaos')
  .description('Kill workers and the Temporal dev server during full syncs and compare the end state with an undisturbed sync')
  .option('--employees <count>', 'employees of the company whose sync is killed, and of its undisturbed reference', positiveInteger, 10_000)
  .option('--small-employees <count>', 'employees of the SIGTERM and server-restart scenarios, and of their reference', positiveInteger, 2_000)
  .option('--seed <number>', 'seed of the company and of the kill points (default: random)', positiveInteger)
  .option('--kills <count>', 'SIGKILLs of the worker during one sync', positiveInteger, 5)
  .option('--doc <file>', 'Markdown file whose chaos-results block receives the figures', join(__dirname, '..', '..', 'docs', 'reliability.md'))
  .option('--no-doc', 'print the figures only')
  .parse();

process.on('exit', killAllStarted);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killAllStarted();
    process.exit(130);
  });
}

const parsed = program.opts<{ employees: number; smallEmployees: number; seed?: number; kills: number; doc: string | false }>();
main({ ...parsed, seed: parsed.seed ?? 1 + Math.floor(Math.random() * 1_000_000) })
  .then((passed) => process.exit(passed ? 0 : 1))
  .catch((error: unknown) => {
    process.stderr.write(`chaos run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
