import type { PoolClient } from 'pg';

/**
 * Key of the transaction-level advisory lock that serializes migrations, so workers that start at
 * the same time apply each migration once. The number is arbitrary and only has to differ from the
 * advisory lock keys of other applications that share the database.
 */
const MIGRATION_LOCK_KEY = 4_728_310_955_102_611;

/** PostgreSQL schema migrations, applied in order. A released migration never changes. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tenants (
    tenant_id text PRIMARY KEY,
    connection json NOT NULL,
    secrets_sealed text NOT NULL,
    credentials_version integer NOT NULL,
    verified_credentials_version integer,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE TABLE sync_runs (
    tenant_id text NOT NULL,
    sync_id text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    outcome text,
    counts json,
    problems json,
    named_lists json,
    PRIMARY KEY (tenant_id, sync_id)
  );
  CREATE INDEX sync_runs_tenant ON sync_runs (tenant_id, started_at);
  CREATE TABLE run_employees (
    tenant_id text NOT NULL,
    sync_id text NOT NULL,
    employee_id text NOT NULL,
    batch integer NOT NULL,
    wave integer NOT NULL,
    email text,
    lifecycle_status text,
    record json,
    PRIMARY KEY (tenant_id, sync_id, employee_id)
  );
  CREATE INDEX run_employees_batch ON run_employees (tenant_id, sync_id, batch);
  CREATE INDEX run_employees_email ON run_employees (tenant_id, sync_id, email);
  CREATE TABLE learnamp_users (
    tenant_id text NOT NULL,
    sync_id text NOT NULL,
    user_id bigint NOT NULL,
    external_id text,
    email text,
    user_data json NOT NULL,
    PRIMARY KEY (tenant_id, sync_id, user_id)
  );
  CREATE INDEX learnamp_users_external_id ON learnamp_users (tenant_id, sync_id, external_id);
  CREATE INDEX learnamp_users_email ON learnamp_users (tenant_id, sync_id, email);
  CREATE TABLE employee_results (
    tenant_id text NOT NULL,
    employee_id text NOT NULL,
    sync_id text NOT NULL,
    outcome text NOT NULL,
    learnamp_user_id bigint,
    learnamp_active boolean,
    fingerprint text,
    problem_code text,
    message text,
    lifecycle_status text,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, employee_id)
  );
  CREATE INDEX employee_results_sync ON employee_results (tenant_id, sync_id, outcome);
  `,
];

/**
 * Applies the migrations not yet recorded in `schema_migrations`. Runs inside the caller's
 * transaction, so the advisory lock makes a second worker wait and then find every migration applied.
 */
export async function migratePostgres(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)',
  );
  const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const applied = new Set(rows.map((row) => row.version));
  for (const [index, sql] of POSTGRES_MIGRATIONS.entries()) {
    const version = index + 1;
    if (applied.has(version)) continue;
    await client.query(sql);
    await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [version]);
  }
}
