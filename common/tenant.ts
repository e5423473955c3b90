/** When a new joiner gets the Learn Amp invitation email. */
export type InvitePolicy = 'on_start_date' | 'immediately' | 'never';

/** Per-tenant sync settings. Secrets never live here: this object travels through workflow history. */
export interface TenantSettings {
  /**
   * `on_start_date` creates a joiner's user on their start date and invites them then;
   * `immediately` creates and invites as soon as HiBob shows them; `never` creates at once without an invitation.
   * @default 'on_start_date'
   */
  invitePolicy: InvitePolicy;
  /** Minutes between periodic full syncs. @default 1440 */
  syncIntervalMinutes: number;
  /** Employees read from HiBob per `root.id` filter call, and planned per batch. @default 500 */
  batchSize: number;
  /** Learn Amp writes in flight at once for this tenant. @default 4 */
  writeConcurrency: number;
  /** History length after which a workflow run continues as new. @default 5000 */
  continueAsNewAfterEvents: number;
  /**
   * Every this many syncs, one loads every Learn Amp user and compares with it, catching changes made in
   * Learn Amp by hand; the others trust what hibob-sync last wrote. @default 7
   */
  reconcileEverySyncs: number;
}

/** Fills in defaults for settings a tenant did not set. */
export function tenantSettingsWithDefaults(settings: Partial<TenantSettings> = {}): TenantSettings {
  return {
    invitePolicy: settings.invitePolicy ?? 'on_start_date',
    syncIntervalMinutes: settings.syncIntervalMinutes ?? 24 * 60,
    batchSize: settings.batchSize ?? 500,
    writeConcurrency: settings.writeConcurrency ?? 4,
    continueAsNewAfterEvents: settings.continueAsNewAfterEvents ?? 5000,
    reconcileEverySyncs: settings.reconcileEverySyncs ?? 7,
  };
}

/** Workflow id of a tenant's long-running workflow: stable, so connect can signal-with-start it. */
export function tenantWorkflowId(tenantId: string): string {
  return `hibob-sync/${tenantId}`;
}

/** Tenant ids become workflow ids, database keys and log fields, so they stay short and plain. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
