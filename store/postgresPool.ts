import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { migratePostgres } from './postgresMigrations';

/** Connections each process keeps open at most. @default 10 */
const POOL_SIZE = 10;

/**
 * A connection pool that applies pending migrations before its first query. It connects lazily, so
 * an unreachable server or a wrong `DATABASE_URL` shows up on the first query or `migrate()` call.
 */
export class PostgresPool {
  private migrated: Promise<void> | null = null;
  private readonly pool: Pool;

  constructor(private readonly databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: POOL_SIZE });
    // Without a listener, a server that closes an idle connection would crash the process. The pool
    // drops that connection by itself and opens a new one on the next query.
    this.pool.on('error', (error) =>
      process.emitWarning(`PostgreSQL sync store: idle connection failed: ${error.message}`),
    );
  }

  /** Applies pending migrations once per pool. After a failure the next call tries again. */
  migrate(): Promise<void> {
    this.migrated ??= this.transactionWithoutMigrating(migratePostgres).catch((error: Error) => {
      this.migrated = null;
      const target = maskPassword(this.databaseUrl);
      throw new Error(`Could not open the PostgreSQL sync store at ${target}: ${error.message}. Check DATABASE_URL.`, {
        cause: error,
      });
    });
    return this.migrated;
  }

  async query<R extends QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    await this.migrate();
    const result = await this.pool.query<R>(sql, [...params]);
    return result.rows;
  }

  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    await this.migrate();
    return this.transactionWithoutMigrating(work);
  }

  async end(): Promise<void> {
    await this.pool.end();
  }

  /** Runs `work` in a transaction on one pooled connection, and rolls back and rethrows if it fails. */
  private async transactionWithoutMigrating<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
        client.release();
      } catch (rollbackError) {
        // The connection is unusable, so passing the error makes the pool close it instead of reusing it.
        client.release(rollbackError as Error);
      }
      throw error;
    }
  }
}

/** Masks the password in a database URL, for error messages. */
export function maskPassword(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}
