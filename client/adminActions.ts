import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { integrationStateKey, tenantIdKey } from '../common/searchAttributes';
import type { TenantStatus } from '../common/status';
import { MAX_BATCH_SIZE, TENANT_ID_PATTERN, tenantSettingsWithDefaults, tenantWorkflowId, TenantSettings } from '../common/tenant';
import { LEARNAMP_SCOPES } from '../activities/learnamp/client';
import type { SyncStore } from '../store/types';
import {
  disconnectSignal,
  employeesChangedSignal,
  permissionsChangedSignal,
  statusQuery,
  syncRequestedSignal,
  tokenRefreshedSignal,
} from '../workflows/messages';
import type { tenantWorkflow } from '../workflows';

/** Admin actions on tenants: they store credentials outside Temporal and signal the tenant workflow. */
export interface AdminContext {
  client: Client;
  store: SyncStore;
  taskQueue: string;
}

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http or https URL' });

const TENANT_ID_RULE = 'use 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit';

const connectSchema = z.object({
  tenantId: z.string().regex(TENANT_ID_PATTERN, 'must be 1-63 lower-case letters, digits, "-" or "_", starting with a letter or digit'),
  hibobBaseUrl: httpUrl,
  serviceUserId: z.string().trim().min(1, 'is required'),
  hibobToken: z.string().min(1, 'is required'),
  learnampBaseUrl: httpUrl,
  learnampClientId: z.string().trim().min(1, 'is required'),
  learnampClientSecret: z.string().min(1, 'is required'),
  /** Key of the HMAC in HiBob's `Bob-Signature` header; without it the tenant's webhooks are rejected. */
  hibobWebhookSecret: z.string().min(1, 'must not be empty').optional(),
  learnampScopes: z.string().default(LEARNAMP_SCOPES),
  settings: z
    .object({
      invitePolicy: z.enum(['on_start_date', 'immediately', 'never']).optional(),
      syncIntervalMinutes: z.number().int().min(5).optional(),
      batchSize: z.number().int().min(1).max(MAX_BATCH_SIZE).optional(),
      writeConcurrency: z.number().int().min(1).max(32).optional(),
      learnampWritesPerSecond: z.number().positive().max(1000).optional(),
      continueAsNewAfterEvents: z.number().int().min(100).optional(),
      reconcileEverySyncs: z.number().int().min(1).optional(),
      previewFirstSync: z.boolean().optional(),
    })
    .default({}),
});

export type ConnectRequest = z.input<typeof connectSchema>;

/** Thrown for input an admin must correct; the message names the field and what it must be. */
export class InvalidRequestError extends Error {
  override name = 'InvalidRequestError';

  /** @param fields what is wrong with each invalid field, by field path (e.g. `settings.batchSize`) */
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Thrown when the tenant has no stored credentials or no running integration. */
export class TenantNotFoundError extends InvalidRequestError {
  override name = 'TenantNotFoundError';
}

/** Stores a tenant's credentials and starts (or signals) its workflow, which validates and syncs. */
export async function connectTenant(context: AdminContext, request: ConnectRequest): Promise<{ workflowId: string }> {
  const parsed = connectSchema.safeParse(request);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message]));
    throw new InvalidRequestError(`Invalid connect request: ${details}`, fields);
  }
  const values = parsed.data;
  const settings: TenantSettings = tenantSettingsWithDefaults(values.settings);
  const tenant = await context.store.saveTenant(
    values.tenantId,
    {
      hibobBaseUrl: values.hibobBaseUrl,
      serviceUserId: values.serviceUserId,
      learnampBaseUrl: values.learnampBaseUrl,
      learnampClientId: values.learnampClientId,
      learnampScopes: values.learnampScopes,
      settings,
    },
    {
      hibobToken: values.hibobToken,
      learnampClientSecret: values.learnampClientSecret,
      ...(values.hibobWebhookSecret ? { hibobWebhookSecret: values.hibobWebhookSecret } : {}),
    },
  );
  const workflowId = tenantWorkflowId(values.tenantId);
  await context.client.workflow.signalWithStart<typeof tenantWorkflow, [{ credentialsVersion: number }]>('tenantWorkflow', {
    workflowId,
    taskQueue: context.taskQueue,
    args: [{ tenantId: values.tenantId }],
    signal: tokenRefreshedSignal,
    signalArgs: [{ credentialsVersion: tenant.credentialsVersion }],
    typedSearchAttributes: [
      { key: tenantIdKey, value: values.tenantId },
      { key: integrationStateKey, value: 'validating' },
    ],
    memo: { tenantId: values.tenantId },
  });
  return { workflowId };
}

/** Stores the token HiBob issued on refresh (the old one no longer works) and lets the workflow resume. */
export async function refreshToken(context: AdminContext, tenantId: string, hibobToken: string): Promise<void> {
  if (!hibobToken) throw new InvalidRequestError('The new HiBob token is empty: paste the token HiBob showed after the refresh');
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new InvalidRequestError(`Invalid tenant id "${tenantId.slice(0, 80)}": ${TENANT_ID_RULE}`);
  if (!(await context.store.getTenant(tenantId))) throw new TenantNotFoundError(`Tenant "${tenantId}" is not connected: connect it first`);
  const tenant = await context.store.replaceHiBobToken(tenantId, hibobToken);
  await signalTenant(context, tenantId, (handle) => handle.signal(tokenRefreshedSignal, { credentialsVersion: tenant.credentialsVersion }));
}

export async function permissionsChanged(context: AdminContext, tenantId: string): Promise<void> {
  await signalTenant(context, tenantId, (handle) => handle.signal(permissionsChangedSignal));
}

export async function requestSync(context: AdminContext, tenantId: string, reason = 'requested by an admin'): Promise<void> {
  await signalTenant(context, tenantId, (handle) => handle.signal(syncRequestedSignal, { reason }));
}

/** Queues a sync of just these employees, e.g. after HiBob webhooks named them. */
export async function notifyEmployeesChanged(context: AdminContext, tenantId: string, employeeIds: string[]): Promise<void> {
  if (employeeIds.length === 0) return;
  await signalTenant(context, tenantId, (handle) => handle.signal(employeesChangedSignal, { employeeIds }));
}

export async function disconnectTenant(context: AdminContext, tenantId: string, reason = 'disconnected by an admin'): Promise<void> {
  await signalTenant(context, tenantId, (handle) => handle.signal(disconnectSignal, { reason }));
}

/** How long `status` waits for a worker to answer the query. */
const STATUS_QUERY_TIMEOUT_MS = 10_000;

export async function tenantStatus(context: AdminContext, tenantId: string): Promise<TenantStatus> {
  let status: TenantStatus | undefined;
  await signalTenant(context, tenantId, async (handle) => {
    try {
      status = await context.client.withDeadline(Date.now() + STATUS_QUERY_TIMEOUT_MS, () => handle.query(statusQuery));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw error;
      throw new Error(
        `No worker answered the status query of tenant "${tenantId}" within ${STATUS_QUERY_TIMEOUT_MS / 1000} s (${(error as Error).message}). Start a worker (npm run worker), or run the demo with --keep-running.`,
      );
    }
  });
  return status!;
}

type TenantHandle = ReturnType<Client['workflow']['getHandle']>;

async function signalTenant(context: AdminContext, tenantId: string, action: (handle: TenantHandle) => Promise<void>): Promise<void> {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new InvalidRequestError(`Invalid tenant id "${tenantId.slice(0, 80)}": ${TENANT_ID_RULE}`);
  try {
    await action(context.client.workflow.getHandle(tenantWorkflowId(tenantId)));
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new TenantNotFoundError(`Tenant "${tenantId}" has no running integration (never connected, or disconnected): connect it first`);
    }
    throw error;
  }
}
