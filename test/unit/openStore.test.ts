import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresSyncStore } from '../../store/postgresStore';
import { SqliteSyncStore } from '../../store/sqliteStore';
import { loadConfig } from '../../worker/config';
import { openStore } from '../../worker/openStore';

const DATABASE_URL = 'postgres://hibob:password@127.0.0.1:1/hibob_sync';

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hibob-sync-open-store-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('openStore', () => {
  test('opens SQLite without DATABASE_URL', async () => {
    const store = openStore(loadConfig({ HIBOB_SYNC_DATA_DIR: dataDir }));
    await store.close();
    expect(store).toBeInstanceOf(SqliteSyncStore);
  });

  test('opens PostgreSQL with DATABASE_URL', async () => {
    const keys = randomBytes(32).toString('base64');
    const store = openStore(loadConfig({ HIBOB_SYNC_DATA_DIR: dataDir, DATABASE_URL, HIBOB_SYNC_SECRET_KEYS: keys }));
    await store.close();
    expect(store).toBeInstanceOf(PostgresSyncStore);
  });

  test('DATABASE_URL requires shared secret keys', () => {
    const config = loadConfig({ HIBOB_SYNC_DATA_DIR: dataDir, DATABASE_URL });
    expect(() => openStore(config)).toThrow('HIBOB_SYNC_SECRET_KEYS is missing');
  });
});
