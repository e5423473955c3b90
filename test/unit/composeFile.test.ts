import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { searchAttributeKeys } from '../../common/searchAttributes';

const execFileAsync = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  command?: string[];
  profiles?: string[];
  container_name?: string;
  deploy?: { replicas?: number };
  environment?: Record<string, string | null>;
  ports?: { host_ip?: string; published?: string; target: number }[];
}

let services: Record<string, ComposeService>;

beforeAll(async () => {
  // The first run builds the checker with Go, which downloads compose-go once.
  const { stdout } = await execFileAsync('bash', [join(ROOT, 'scripts', 'check-compose.sh'), '--json'], {
    maxBuffer: 16 * 1024 * 1024,
    timeout: 170_000,
  });
  services = (JSON.parse(stdout) as { services: Record<string, ComposeService> }).services;
}, 180_000);

describe('docker-compose.yml', () => {
  test('pins every image tag', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.image]).toEqual([name, expect.stringMatching(/^[\w./-]+:[\w.-]+$/)]);
      expect([name, service.image]).not.toEqual([name, expect.stringMatching(/:latest$/)]);
    }
  });

  test('worker scales and uses PostgreSQL', () => {
    const worker = services.worker!;
    expect(worker.container_name).toBeUndefined();
    expect(worker.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(worker.environment?.DATABASE_URL).toMatch(/^postgres:\/\/hibob_sync:[^@]+@sync-store-db:5432\/hibob_sync$/);
    expect(worker.environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(worker.environment?.METRICS_PORT).toBe('9464');
    expect(worker.environment?.TEMPORAL_METRICS_PORT).toBe('9465');
  });

  test('sandbox is an optional profile', () => {
    const sandbox = services.sandbox!;
    expect(sandbox.profiles).toEqual(['sandbox']);
    expect(sandbox.command?.slice(0, 2)).toEqual(['node', 'lib/sandbox/main.js']);
  });

  test('Web UI uses the codec server', () => {
    expect(services['temporal-ui']!.environment?.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:8888');
    expect(services['codec-server']!.command).toEqual(['node', 'lib/worker/codecServer.js']);
  });

  test('publishes ports on loopback only', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const port of service.ports ?? []) expect([name, port.host_ip]).toEqual([name, '127.0.0.1']);
    }
  });

  test('namespace script registers every search attribute', () => {
    const script = readFileSync(join(ROOT, 'deploy', 'temporal', 'create-namespace.sh'), 'utf8');
    for (const key of searchAttributeKeys) {
      const type = key.type.charAt(0) + key.type.slice(1).toLowerCase();
      expect(script).toContain(`add_search_attribute ${key.name} ${type}\n`);
    }
  });
});

describe('compose checker', () => {
  test('rejects an unknown service key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
    const file = join(dir, 'docker-compose.yml');
    writeFileSync(file, 'services:\n  worker:\n    image: hibob-sync:local\n    replica: 3\n');
    try {
      await expect(execFileAsync('go', ['run', '.', file], { cwd: join(ROOT, 'scripts', 'compose-check') })).rejects.toMatchObject({
        stderr: expect.stringContaining('services.worker.replica'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
