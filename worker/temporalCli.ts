import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Returns the path of the Temporal CLI, building it with `go install` on first use (a few minutes).
 * Throws with what to install when neither the CLI nor Go is there.
 */
export async function findTemporalCli(): Promise<string> {
  const script = resolveInstallScript();
  try {
    const { stdout } = await execFileAsync('bash', [script], { maxBuffer: 1024 * 1024, timeout: 20 * 60 * 1000 });
    const path = stdout.trim().split('\n').pop();
    if (!path) throw new Error('the install script printed no path');
    return path;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr || `Could not find or build the Temporal CLI: ${(error as Error).message}`);
  }
}

/** The script sits at the repository root in both `lib/worker` (compiled) and `worker` (ts-jest). */
function resolveInstallScript(): string {
  const fromSource = join(__dirname, '..', 'scripts', 'install-temporal.sh');
  return existsSync(fromSource) ? fromSource : join(__dirname, '..', '..', 'scripts', 'install-temporal.sh');
}
