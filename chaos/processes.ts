import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startDevServer } from '../worker/temporalDevServer';

const WORKER_START_TIMEOUT_MS = 60_000;

/** Pids of every process the chaos run started and has not seen exit; all are killed when the run ends. */
const startedPids = new Set<number>();

/** Sends SIGKILL to every process still running; safe to call from an `exit` handler. */
export function killAllStarted(): void {
  for (const pid of startedPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  startedPids.clear();
}

/** Resolves once the process with `pid` no longer exists, or rejects after `timeoutMs`. */
export async function waitForPidExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`Process ${pid} did not exit within ${timeoutMs / 1000} s`);
    await sleep(50);
  }
  startedPids.delete(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Returns a TCP port on 127.0.0.1 that the kernel reports free. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Temporal dev server on one SQLite file, which can be killed and started again on the same file. */
export class ChaosDevServer {
  private pid: number | null = null;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly uiPort: number,
  ) {}

  /** Starts `temporal server start-dev` with its database in `dataDir/temporal.db`. */
  static async start(dataDir: string): Promise<ChaosDevServer> {
    const server = new ChaosDevServer(dataDir, await freePort(), await freePort());
    await server.startAgain();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the server on the same port and database file; resolves when its frontend responds. */
  async startAgain(): Promise<void> {
    const started = await startDevServer({ dataDir: this.dataDir, namespace: 'default', port: this.port, uiPort: this.uiPort });
    this.pid = started.pid;
    startedPids.add(started.pid);
  }

  /** Kills the server without warning, as a crashed host would, and waits for it to exit. */
  async kill(): Promise<void> {
    if (this.pid === null) return;
    process.kill(this.pid, 'SIGKILL');
    await waitForPidExit(this.pid, 10_000);
    this.pid = null;
  }
}

/** A worker started as `node lib/worker/main.js`, with its output in a log file. */
export class WorkerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
    /** Resolves with the exit code or signal when the process ends. */
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>,
  ) {}

  /** Starts a worker and resolves when it logs that it polls its task queue. */
  static async start(options: { env: NodeJS.ProcessEnv; logDir: string; name: string }): Promise<WorkerProcess> {
    const logFile = join(options.logDir, `${options.name}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [join(__dirname, '..', 'worker', 'main.js')], {
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (!child.pid) throw new Error('Could not start the worker process');
    startedPids.add(child.pid);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
      child.on('exit', (code, signal) => {
        startedPids.delete(child.pid!);
        resolve({ code, signal, at: Date.now() });
      });
    });
    const ready = new Promise<void>((resolve, reject) => {
      // Keeps the end of the output, so a log line split across two chunks is still found.
      let tail = '';
      const watch = (chunk: Buffer) => {
        log.write(chunk);
        tail = (tail + chunk.toString('utf8')).slice(-4096);
        if (tail.includes('"msg":"Worker started"')) resolve();
      };
      child.stdout!.on('data', watch);
      child.stderr!.on('data', watch);
      void exited.then(({ code, signal }) => reject(new Error(`Worker ${options.name} exited during start-up (${signal ?? code}); see ${logFile}`)));
      setTimeout(() => reject(new Error(`Worker ${options.name} did not start within ${WORKER_START_TIMEOUT_MS / 1000} s; see ${logFile}`)), WORKER_START_TIMEOUT_MS).unref();
    });
    await ready;
    return new WorkerProcess(child, logFile, exited);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Sends a signal; SIGKILL ends the process at once, SIGTERM starts the SDK's graceful shutdown. */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
