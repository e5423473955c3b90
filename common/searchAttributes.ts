import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Tenant id of a tenant workflow and its sync runs, so the Web UI can filter by `TenantId = "acme"`. */
export const tenantIdKey = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);

/** Integration state of a tenant workflow (see `IntegrationState`), for `IntegrationState = "needs_attention"`. */
export const integrationStateKey = defineSearchAttributeKey('IntegrationState', SearchAttributeType.KEYWORD);

/** When a tenant's last sync run finished, for `LastSyncTime < "2026-01-01T00:00:00Z"`. */
export const lastSyncTimeKey = defineSearchAttributeKey('LastSyncTime', SearchAttributeType.DATETIME);

/** Outcome of a tenant's last sync run: completed, completed_with_warnings, preview, paused or failed. */
export const lastRunResultKey = defineSearchAttributeKey('LastRunResult', SearchAttributeType.KEYWORD);

/** Every custom search attribute the workflows set; the dev server and the worker register these. */
export const searchAttributeKeys = [tenantIdKey, integrationStateKey, lastSyncTimeKey, lastRunResultKey];
