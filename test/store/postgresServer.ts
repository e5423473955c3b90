import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where Debian's postgresql packages put the server binaries, one folder per major version. */
const DEBIAN_POSTGRES_ROOT = '/usr/lib/postgresql';

/** OS user that runs the server when the tests run as root, because initdb and postgres reject root. */
const SERVER_USER_WHEN_ROOT = 'postgres';

const START_ATTEMPTS = 3;

/** Returns the bin folder of the newest PostgreSQL under /usr/lib/postgresql, or null when none is installed. */
export function findPostgresBinDir(): string | null {
  if (!existsSync(DEBIAN_POSTGRES_ROOT)) return null;
  const versions = readdirSync(DEBIAN_POSTGRES_ROOT)
    .filter((version) => existsSync(join(DEBIAN_POSTGRES_ROOT, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(DEBIAN_POSTGRES_ROOT, versions[0], 'bin');
}

/**
 * A throw-away PostgreSQL server for one test file: its own data folder and socket folder in a temp
 * folder, listening on 127.0.0.1 only, with password authentication.
 */
export class TestPostgresServer {
  private admin: Client | null = null;
  private databaseCount = 0;
  private readonly stopOnExit = () => this.stopServer();

  private constructor(
    private readonly binDir: string,
    private readonly folder: string,
    private readonly serverUser: string | null,
    private readonly password: string,
    private port: number,
  ) {}

  /** Creates a cluster with initdb and starts it with pg_ctl, on another port if the first one was taken. */
  static async start(binDir: string): Promise<TestPostgresServer> {
    const folder = mkdtempSync(join(tmpdir(), 'hibob-sync-postgres-'));
    const serverUser = process.getuid?.() === 0 ? SERVER_USER_WHEN_ROOT : null;
    const server = new TestPostgresServer(binDir, folder, serverUser, randomBytes(18).toString('base64url'), 0);
    try {
      server.initCluster();
      for (let attempt = 1; ; attempt += 1) {
        server.port = await findFreePort();
        try {
          server.startCluster();
          break;
        } catch (error) {
          if (attempt === START_ATTEMPTS) throw error;
        }
      }
      process.once('exit', server.stopOnExit);
      server.admin = new Client({ connectionString: server.urlOf('postgres') });
      await server.admin.connect();
      return server;
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  /** Creates an empty database and returns its URL. */
  async createDatabase(): Promise<string> {
    this.databaseCount += 1;
    const name = `store_test_${this.databaseCount}`;
    await this.admin!.query(`CREATE DATABASE ${name}`);
    return this.urlOf(name);
  }

  /** Drops a database made by `createDatabase`, closing its remaining connections. */
  async dropDatabase(url: string): Promise<void> {
    const name = new URL(url).pathname.slice(1);
    await this.admin!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }

  /** URL of a database on this server, or on another port of 127.0.0.1 when `port` is given. */
  urlOf(database: string, port = this.port): string {
    return `postgres://postgres:${this.password}@127.0.0.1:${port}/${database}`;
  }

  /** Stops the server and deletes its folder. */
  async stop(): Promise<void> {
    await this.admin?.end();
    this.admin = null;
    process.removeListener('exit', this.stopOnExit);
    this.stopServer();
    rmSync(this.folder, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return join(this.folder, 'data');
  }

  private get logFile(): string {
    return join(this.folder, 'server.log');
  }

  private initCluster(): void {
    const passwordFile = join(this.folder, 'password');
    writeFileSync(passwordFile, this.password, { mode: 0o600 });
    if (this.serverUser) {
      const { uid, gid } = osUserIds(this.serverUser);
      chownSync(this.folder, uid, gid);
      chownSync(passwordFile, uid, gid);
    }
    this.runServerCommand('initdb', [
      `--pgdata=${this.dataDir}`,
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    // Durability settings are off because the cluster is deleted after the tests.
    appendFileSync(
      join(this.dataDir, 'postgresql.conf'),
      [
        `unix_socket_directories = '${this.folder}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
      ]
        .map((line) => `${line}\n`)
        .join(''),
    );
  }

  private startCluster(): void {
    // listen_addresses and port go on the command line so a retry can change the port.
    const options = `-c listen_addresses=127.0.0.1 -c port=${this.port}`;
    try {
      this.runServerCommand('pg_ctl', [
        'start',
        '--wait',
        '--timeout=60',
        `--pgdata=${this.dataDir}`,
        `--log=${this.logFile}`,
        `--options=${options}`,
      ]);
    } catch (error) {
      const log = existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '(no server log)';
      throw new Error(`${(error as Error).message}\nServer log:\n${log}`);
    }
  }

  /** Stops the server if it is running. It is synchronous so that a process exit handler can call it. */
  private stopServer(): void {
    if (!existsSync(join(this.dataDir, 'postmaster.pid'))) return;
    this.runServerCommand('pg_ctl', ['stop', '--wait', '--mode=fast', `--pgdata=${this.dataDir}`]);
  }

  private runServerCommand(name: string, args: string[]): void {
    const command = join(this.binDir, name);
    const [file, fullArgs] = this.serverUser
      ? ['runuser', ['-u', this.serverUser, '--', command, ...args]]
      : [command, args];
    try {
      execFileSync(file, fullArgs, { cwd: this.folder, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${name} failed: ${stderr || stdout || (error as Error).message}`);
    }
  }
}

function osUserIds(name: string): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    return { uid, gid };
  } catch {
    throw new Error(
      `The tests run as root, so the test PostgreSQL server must run as the "${name}" OS user, which does not exist. ` +
        'Installing "postgresql" with apt-get creates it.',
    );
  }
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('Could not read the free port');
  return address.port;
}
