import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from '../../store/secretBox';
import { SQLITE_MIGRATIONS } from '../../store/sqliteMigrations';
import { SqliteSyncStore } from '../../store/sqliteStore';
import { describeSyncStore, type StoreDatabase } from './storeContract';

/** Creates a database file in its own temp folder, so every file SQLite writes beside it can be read. */
function createSqliteDatabase(): StoreDatabase {
  const folder = mkdtempSync(join(tmpdir(), 'hibob-sync-store-'));
  const file = join(folder, 'sync.sqlite');

  function readOnly<T>(read: (db: Database.Database) => T): T {
    const db = new Database(file, { readonly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  }

  return {
    async open(secretBox) {
      return SqliteSyncStore.open(file, secretBox);
    },
    async readStoredBytes() {
      return Buffer.concat(readdirSync(folder).map((name) => readFileSync(join(folder, name))));
    },
    async countRows(table) {
      return readOnly((db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
    },
    async migrationVersions() {
      const rows = readOnly(
        (db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[],
      );
      return rows.map((row) => row.version);
    },
    async destroy() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

describeSyncStore('SqliteSyncStore', {
  createDatabase: async () => createSqliteDatabase(),
  migrationCount: SQLITE_MIGRATIONS.length,
});

describe('SqliteSyncStore file', () => {
  test('open creates missing parent folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hibob-sync-store-'));
    try {
      const store = SqliteSyncStore.open(join(folder, 'a', 'b', 'sync.sqlite'), new SecretBox([randomBytes(32)]));
      await store.close();
      expect(readdirSync(join(folder, 'a', 'b'))).toContain('sync.sqlite');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
