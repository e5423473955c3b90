/** SQLite schema migrations, applied in order; a migration never changes once released. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE tenants (
    tenant_id TEXT PRIMARY KEY,
    connection_json TEXT NOT NULL,
    secrets_sealed TEXT NOT NULL,
    credentials_version INTEGER NOT NULL,
    verified_credentials_version INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE sync_runs (
    tenant_id TEXT NOT NULL,
    sync_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    outcome TEXT,
    counts_json TEXT,
    problems_json TEXT,
    named_lists_json TEXT,
    PRIMARY KEY (tenant_id, sync_id)
  );
  CREATE INDEX sync_runs_tenant ON sync_runs (tenant_id, started_at);
  CREATE TABLE run_employees (
    tenant_id TEXT NOT NULL,
    sync_id TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    batch INTEGER NOT NULL,
    wave INTEGER NOT NULL,
    email TEXT,
    lifecycle_status TEXT,
    record_json TEXT,
    PRIMARY KEY (tenant_id, sync_id, employee_id)
  );
  CREATE INDEX run_employees_batch ON run_employees (tenant_id, sync_id, batch);
  CREATE INDEX run_employees_email ON run_employees (tenant_id, sync_id, email);
  CREATE TABLE learnamp_users (
    tenant_id TEXT NOT NULL,
    sync_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    external_id TEXT,
    email TEXT,
    user_json TEXT NOT NULL,
    PRIMARY KEY (tenant_id, sync_id, user_id)
  );
  CREATE INDEX learnamp_users_external_id ON learnamp_users (tenant_id, sync_id, external_id);
  CREATE INDEX learnamp_users_email ON learnamp_users (tenant_id, sync_id, email);
  CREATE TABLE employee_results (
    tenant_id TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    sync_id TEXT NOT NULL,
    outcome TEXT NOT NULL,
    learnamp_user_id INTEGER,
    learnamp_active INTEGER,
    fingerprint TEXT,
    problem_code TEXT,
    message TEXT,
    lifecycle_status TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, employee_id)
  );
  CREATE INDEX employee_results_sync ON employee_results (tenant_id, sync_id, outcome);
  `,
];
