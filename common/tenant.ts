/** When a new joiner gets the Learn Amp invitation email. */
export type InvitePolicy = 'on_start_date' | 'immediately' | 'never';

/** Per-tenant sync settings. Secrets never live here: this object travels through workflow history. */
export interface TenantSettings {
  /**
   * `on_start_date` creates a joiner's user on their start date and invites them then. `immediately` creates
   * and invites as soon as HiBob shows them, and `never` creates at once without an invitation.
   * @default 'on_start_date'
   */
  invitePolicy: InvitePolicy;
  /** Minutes between periodic full syncs. @default 1440 */
  syncIntervalMinutes: number;
  /** Employees read from HiBob per `root.id` filter call, and planned per batch. @default 500 */
  batchSize: number;
  /**
   * Learn Amp writes in flight at once for this tenant. Each write is one activity, so this is also the
   * most worker activity slots the tenant's writes can hold, which keeps a large tenant from starving others.
   * @default 4
   */
  writeConcurrency: number;
  /**
   * Learn Amp writes (POST and PUT requests) per second for this tenant, paced in each worker process.
   * NOTE: Learn Amp publishes no rate limit, so the default is a guess; 429 responses are honoured either way.
   * @default 50
   */
  learnampWritesPerSecond: number;
  /** History length after which a workflow run continues as new. @default 5000 */
  continueAsNewAfterEvents: number;
  /**
   * Every this many syncs, one loads every Learn Amp user and compares with it, catching changes made in
   * Learn Amp by hand; the others trust what hibob-sync last wrote. @default 7
   */
  reconcileEverySyncs: number;
  /** Run the first sync as a preview that writes nothing, and wait for `sync` to do it for real. @default false */
  previewFirstSync: boolean;
}

/** Fills in defaults for settings a tenant did not set. */
export function tenantSettingsWithDefaults(settings: Partial<TenantSettings> = {}): TenantSettings {
  return {
    invitePolicy: settings.invitePolicy ?? 'on_start_date',
    syncIntervalMinutes: settings.syncIntervalMinutes ?? 24 * 60,
    batchSize: settings.batchSize ?? 500,
    writeConcurrency: settings.writeConcurrency ?? 4,
    learnampWritesPerSecond: settings.learnampWritesPerSecond ?? 50,
    continueAsNewAfterEvents: settings.continueAsNewAfterEvents ?? 5000,
    reconcileEverySyncs: settings.reconcileEverySyncs ?? 7,
    previewFirstSync: settings.previewFirstSync ?? false,
  };
}

/**
 * Largest `batchSize` connect accepts. 2,000 lets one minute of HiBob's 50 people searches read a company
 * of up to 98,000 employees, and keeps a batch's planned writes within 256 KB of workflow history payload
 * even with 64-character employee ids (asserted in test/unit/payloadBounds.test.ts).
 */
export const MAX_BATCH_SIZE = 2000;

/** Workflow id of a tenant's long-running workflow: stable, so connect can signal-with-start it. */
export function tenantWorkflowId(tenantId: string): string {
  return `hibob-sync/${tenantId}`;
}

/** Tenant ids become workflow ids, database keys and log fields, so they stay short and plain. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
