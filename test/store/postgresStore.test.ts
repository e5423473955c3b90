import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SecretBox } from '../../store/secretBox';
import { POSTGRES_MIGRATIONS } from '../../store/postgresMigrations';
import { PostgresSyncStore } from '../../store/postgresStore';
import { findFreePort, findPostgresBinDir, TestPostgresServer } from './postgresServer';
import { describeSyncStore, entry, indexed, result, user, type StoreDatabase } from './storeContract';

const binDir = findPostgresBinDir();

if (process.env.HIBOB_SYNC_SKIP_POSTGRES === '1') {
  console.warn('Skipping the PostgresSyncStore tests because HIBOB_SYNC_SKIP_POSTGRES=1 is set.');
  test.skip('PostgresSyncStore (skipped: HIBOB_SYNC_SKIP_POSTGRES=1)', () => undefined);
} else if (binDir === null) {
  test('PostgreSQL server is installed', () => {
    throw new Error(
      'No PostgreSQL server binaries were found under /usr/lib/postgresql/*/bin, so the PostgresSyncStore tests ' +
        'cannot start a server. Install them with "apt-get install -y postgresql", or set HIBOB_SYNC_SKIP_POSTGRES=1 ' +
        'to skip these tests.',
    );
  });
} else {
  describePostgresStore(binDir);
}

function describePostgresStore(binDir: string): void {
  let server: TestPostgresServer;

  beforeAll(async () => {
    server = await TestPostgresServer.start(binDir);
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** Runs `read` on a new connection to the database, outside any store. */
  async function withClient<T>(url: string, read: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await read(client);
    } finally {
      await client.end();
    }
  }

  async function openMigrated(url: string, secretBox: SecretBox): Promise<PostgresSyncStore> {
    const store = PostgresSyncStore.open(url, secretBox);
    await store.migrate();
    return store;
  }

  async function createPostgresDatabase(): Promise<StoreDatabase> {
    const url = await server.createDatabase();
    return {
      open: (secretBox) => openMigrated(url, secretBox),
      // Every row of every table as text: the database's files are the server's, so the check reads the tables.
      readStoredBytes: () =>
        withClient(url, async (client) => {
          const tables = await client.query<{ name: string }>(
            `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
          );
          const rows: string[] = [];
          for (const { name } of tables.rows) {
            const contents = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
            rows.push(...contents.rows.map((row) => row.row));
          }
          return Buffer.from(rows.join('\n'), 'utf8');
        }),
      countRows: (table) =>
        withClient(url, async (client) => {
          const { rows } = await client.query<{ count: number }>(`SELECT COUNT(*)::integer AS count FROM "${table}"`);
          return rows[0]!.count;
        }),
      migrationVersions: () =>
        withClient(url, async (client) => {
          const { rows } = await client.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          );
          return rows.map((row) => row.version);
        }),
      destroy: () => server.dropDatabase(url),
    };
  }

  describeSyncStore('PostgresSyncStore', {
    createDatabase: createPostgresDatabase,
    migrationCount: POSTGRES_MIGRATIONS.length,
  });

  describe('PostgresSyncStore server', () => {
    const box = new SecretBox([randomBytes(32)]);

    test('stores opening at once migrate once', async () => {
      const url = await server.createDatabase();
      const stores = Array.from({ length: 4 }, () => PostgresSyncStore.open(url, box));
      try {
        await Promise.all(stores.map((store) => store.migrate()));
        const versions = await withClient(url, async (client) => {
          const { rows } = await client.query<{ version: number }>(
            'SELECT version FROM schema_migrations ORDER BY version',
          );
          return rows.map((row) => row.version);
        });
        expect(versions).toEqual(POSTGRES_MIGRATIONS.map((_, index) => index + 1));
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await server.dropDatabase(url);
      }
    });

    test('unreachable server error hides password', async () => {
      const url = server.urlOf('hibob_sync', await findFreePort());
      const password = new URL(url).password;
      const store = PostgresSyncStore.open(url, box);
      try {
        const error = await store.migrate().catch((caught: Error) => caught);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toContain(
          'Could not open the PostgreSQL sync store at postgres://postgres:***@127.0.0.1',
        );
        expect((error as Error).message).toContain('Check DATABASE_URL');
        expect((error as Error).message).not.toContain(password);
      } finally {
        await store.close();
      }
    });

    test('failed migration is retried on next call', async () => {
      const url = server.urlOf('created_later');
      const store = PostgresSyncStore.open(url, box);
      try {
        await expect(store.getTenant('acme')).rejects.toThrow('database "created_later" does not exist');
        await withClient(server.urlOf('postgres'), (client) => client.query('CREATE DATABASE created_later'));
        expect(await store.getTenant('acme')).toBeNull();
      } finally {
        await store.close();
        await server.dropDatabase(url);
      }
    });

    test('500-employee batch takes one query per call', async () => {
      const url = await server.createDatabase();
      const store = await openMigrated(url, box);
      const query = jest.spyOn(Client.prototype, 'query');
      const ids = Array.from({ length: 500 }, (_, index) => `e${index}`);
      /** Number of statements `call` sent to the server. */
      const statementsOf = async (call: () => Promise<unknown>): Promise<number> => {
        query.mockClear();
        await call();
        return query.mock.calls.length;
      };
      try {
        // A transaction adds BEGIN and COMMIT around its DELETE and INSERT.
        expect(
          await statementsOf(() =>
            store.saveEmployeeIndex(
              'acme',
              'sync-1',
              ids.map((id) => indexed(id)),
            ),
          ),
        ).toBe(4);
        const entries = new Map(ids.map((id) => [id, entry(id)]));
        expect(await statementsOf(() => store.saveEntries('acme', 'sync-1', entries))).toBe(1);
        const users = ids.map((id, index) => user(index + 1, id));
        expect(await statementsOf(() => store.saveLearnAmpUsers('acme', 'sync-1', users))).toBe(1);
        expect(await statementsOf(() => store.getSnapshotRows('acme', 'sync-1', ids))).toBe(1);
        expect(await statementsOf(() => store.learnAmpUsersByExternalId('acme', 'sync-1', ids))).toBe(1);
        const emails = ids.map((id) => `${id}@example.com`);
        expect(await statementsOf(() => store.currentEmployeesByEmail('acme', 'sync-1', emails))).toBe(1);
        const results = ids.map((id) => result('acme', id, 'created'));
        expect(await statementsOf(() => store.recordEmployeeResults(results))).toBe(1);
        expect(await statementsOf(() => store.getEmployeeResults('acme', ids))).toBe(1);
        expect((await store.getEmployeeResults('acme', ids)).size).toBe(500);
      } finally {
        query.mockRestore();
        await store.close();
        await server.dropDatabase(url);
      }
    });
  });
}
