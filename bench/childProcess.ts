import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';

/** A Node.js child process whose peak resident memory can be read and reset. */
export class MeasuredProcess {
  /** Every process still running, so `stopAll` can end them when the benchmark is interrupted. */
  private static readonly running = new Set<ChildProcess>();
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    MeasuredProcess.running.add(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        MeasuredProcess.running.delete(child);
        resolve(code);
      }),
    );
  }

  /** Sends SIGTERM to every child process still running, without waiting. */
  static stopAll(): void {
    for (const child of MeasuredProcess.running) child.kill('SIGTERM');
  }

  /** Starts `node script args` with `env`, appending its output to `logFile`; `ipc` opens a message channel. */
  static start(script: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, options: { ipc?: boolean } = {}): MeasuredProcess {
    const log = openSync(logFile, 'a');
    const stdio = options.ipc ? (['ignore', log, log, 'ipc'] as const) : (['ignore', log, log] as const);
    return new MeasuredProcess(spawn(process.execPath, [script, ...args], { env, stdio: [...stdio] }));
  }

  /** Sends `message` over the IPC channel and resolves with the next message the child sends back. */
  request<T>(message: object): Promise<T> {
    const answer = new Promise<T>((resolve) => this.child.once('message', (reply) => resolve(reply as T)));
    this.child.send(message);
    return this.guard(answer, 'The child process');
  }

  get pid(): number {
    if (!this.child.pid) throw new Error('The child process has no pid: it failed to start');
    return this.child.pid;
  }

  /** Peak resident set size since start or the last `resetPeak`, in bytes (`VmHWM` in /proc/<pid>/status). */
  peakRssBytes(): number | null {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  /** Resets the peak to the current RSS (Linux: writing 5 to /proc/<pid>/clear_refs). Returns false where unsupported. */
  resetPeak(): boolean {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  /** Resolves with `promise`; rejects when the process exits before `promise` settles. */
  async guard<T>(promise: Promise<T>, what: string): Promise<T> {
    return Promise.race([
      promise,
      this.exited.then((code) => {
        throw new Error(`${what} exited with code ${code} before the benchmark step finished; see its log`);
      }),
    ]);
  }

  /** Resolves when the process exits, with its exit code. */
  wait(): Promise<number | null> {
    return this.exited;
  }

  /** Sends SIGTERM and waits for the process to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}
