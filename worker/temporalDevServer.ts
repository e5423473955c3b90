import { Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { searchAttributeKeys } from '../common/searchAttributes';
import { DEFAULT_CODEC_SERVER_PORT } from './codecServer';
import { findTemporalCli } from './temporalCli';

export interface DevServerOptions {
  /** Folder for the SQLite file, the log and the pid file. */
  dataDir: string;
  namespace: string;
  /** @default 7233 */
  port?: number;
  /** @default 8233 */
  uiPort?: number;
  /** Codec server the Web UI calls to decrypt payloads. @default the local `npm run codec-server` */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  pid: number;
}

/** Maps the SDK's search attribute types to the names `temporal server start-dev` accepts. */
const CLI_TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DATETIME: 'Datetime', BOOL: 'Bool', DOUBLE: 'Double' };

/**
 * Starts `temporal server start-dev` on 127.0.0.1 as a background process that outlives this one, so the
 * Web UI stays up after the demo. History persists in `<dataDir>/temporal.db`. Resolves once the
 * frontend answers.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? 8233;
  const cli = await findTemporalCli();
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-ip', '127.0.0.1',
    '--ui-port', String(uiPort),
    '--ui-codec-endpoint', options.uiCodecEndpoint ?? `http://127.0.0.1:${DEFAULT_CODEC_SERVER_PORT}`,
    '--db-filename', join(options.dataDir, 'temporal.db'),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    ...searchAttributeKeys.flatMap((key) => ['--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type] ?? 'Keyword'}`]),
  ];
  const logFile = openSync(join(options.dataDir, 'temporal.log'), 'a');
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', logFile, logFile] });
  child.unref();
  if (!child.pid) throw new Error(`Could not start ${cli}`);
  writeFileSync(join(options.dataDir, 'temporal.pid'), String(child.pid));

  const address = `127.0.0.1:${port}`;
  await waitForFrontend(address, 60_000, () => child.exitCode !== null);
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, pid: child.pid };
}

/** Returns true when a Temporal frontend responds at `address`. */
export async function isTemporalReachable(address: string): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 2000 });
    await connection.healthService.check({});
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function waitForFrontend(address: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('The Temporal dev server exited during start-up; see temporal.log in the data folder');
    if (await isTemporalReachable(address)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The Temporal dev server did not respond on ${address} within ${timeoutMs / 1000} s`);
}
