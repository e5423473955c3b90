import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Tenant id of a tenant workflow and its sync runs, so the Web UI can filter by `TenantId = "acme"`. */
export const tenantIdKey = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);

/** Integration state of a tenant workflow (see `IntegrationState`), for `IntegrationState = "needs_attention"`. */
export const integrationStateKey = defineSearchAttributeKey('IntegrationState', SearchAttributeType.KEYWORD);

/** Every custom search attribute the workflows set; the dev server and the worker register these. */
export const searchAttributeKeys = [tenantIdKey, integrationStateKey];
