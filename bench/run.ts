#!/usr/bin/env node
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Command, InvalidArgumentError } from 'commander';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { searchAttributeKeys } from '../common/searchAttributes';
import { MAX_BATCH_SIZE } from '../common/tenant';
import { startSandboxes } from '../sandbox';
import { findTemporalCli } from '../worker/temporalCli';
import { MeasuredProcess } from './childProcess';
import { ANALYSIS_MARKER, renderReport, RunContext } from './report';
import { benchmarkSize, BenchSettings, SizeResult } from './scenario';

/** HiBob's documented people/search limit, which the sandbox enforces per company. */
const HIBOB_LIMIT = { perMinute: 50, windowMs: 60_000 };

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError(`"${value}" is not a positive whole number.`);
  return parsed;
}

function sizeList(value: string): number[] {
  return value.split(',').map((part) => positiveInteger(part.trim()));
}

const program = new Command()
  .name('bench')
  .description('Benchmark full syncs through Temporal against a direct script, and write docs/benchmarks.md')
  .option('--sizes <list>', 'comma-separated company sizes in employees', sizeList, [1000, 10_000, 50_000])
  .option('--quick', 'benchmark 1,000 employees only')
  .option('--batch-size <n>', `employees per HiBob read and batch, at most ${MAX_BATCH_SIZE}`, positiveInteger, 1250)
  .option('--writes-per-second <n>', 'Learn Amp write limit per account, and the tenants\' write rate', positiveInteger, 50)
  .option('--write-concurrency <n>', 'Learn Amp writes in flight per tenant', positiveInteger, 8)
  .option('--continue-as-new-after-events <n>', 'history length after which a sync run continues as new', positiveInteger, 3000)
  .option('--seed <n>', 'seed of the generated companies', positiveInteger, 42)
  .option('--out <file>', 'Markdown file to write', 'docs/benchmarks.md');

async function main(): Promise<void> {
  const options = program.parse().opts();
  const sizes: number[] = options.quick ? [1000] : options.sizes;
  if (options.batchSize > MAX_BATCH_SIZE) throw new InvalidArgumentError(`--batch-size must be at most ${MAX_BATCH_SIZE}`);
  const settings: BenchSettings = {
    batchSize: options.batchSize,
    writesPerSecond: options.writesPerSecond,
    writeConcurrency: options.writeConcurrency,
    continueAsNewAfterEvents: options.continueAsNewAfterEvents,
    seed: options.seed,
    hibobLimit: HIBOB_LIMIT,
  };
  const cli = await findTemporalCli();
  const loadAtStart = loadavg()[0]!;
  const startedAt = new Date().toISOString();
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: cli }, ip: '127.0.0.1', ui: false, searchAttributes: searchAttributeKeys },
  });
  const sandboxes = await startSandboxes({
    hibob: { rateLimitPerMinute: HIBOB_LIMIT.perMinute, rateLimitWindowMs: HIBOB_LIMIT.windowMs },
    learnamp: { writesPerSecond: settings.writesPerSecond },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-bench-'));
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  log(`Data and logs in ${dataDir}`);

  const results: SizeResult[] = [];
  const write = () => {
    const context: RunContext = {
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      date: startedAt.slice(0, 10),
      machine: describeMachine(loadAtStart),
      temporalCli: execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim(),
    };
    writeReport(options.out, renderReport(results, settings, context, previousAnalysis(options.out)));
  };
  let failed = false;
  try {
    for (const size of sizes) {
      results.push(await benchmarkSize({ address: env.address, sandboxes, dataDir, log }, size, settings));
      write();
      log(`Wrote ${options.out}`);
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await sandboxes.close();
    await env.teardown();
    // Logs stay for a failed run.
    if (!failed) rmSync(dataDir, { recursive: true, force: true });
  }
}

function describeMachine(loadAtStart: number): string {
  const gigabytes = (totalmem() / 1024 ** 3).toFixed(1);
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return (
    `${availableParallelism()} CPUs (${model}), ${gigabytes} GB memory, Node.js ${process.version}, ${type()} ${release()}; ` +
    `1-minute load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end`
  );
}

function previousAnalysis(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(ANALYSIS_MARKER);
  return at === -1 ? '' : text.slice(at + ANALYSIS_MARKER.length).replace(/^\n/, '');
}

function writeReport(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    MeasuredProcess.stopAll();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
