import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SyncProgress, TenantStatus } from '../common/status';

/** New HiBob credentials were stored (connect or refresh-token): re-validate, then resume or run a full sync. */
export const tokenRefreshedSignal = defineSignal<[{ credentialsVersion: number }]>('tokenRefreshed');

/** The admin changed the permission group in HiBob: re-validate, then run a full sync. */
export const permissionsChangedSignal = defineSignal('permissionsChanged');

/** Run a full sync now; one request is queued if a sync is already running. */
export const syncRequestedSignal = defineSignal<[{ reason: string }]>('syncRequested');

/**
 * HiBob reported changes to these employees (webhooks): re-read and sync just them. Ids arriving while a
 * sync runs are queued and deduplicated, so a burst of events becomes a few HiBob reads.
 */
export const employeesChangedSignal = defineSignal<[{ employeeIds: string[] }]>('employeesChanged');

/** Stop syncing, cancel a running sync, forget the tenant's credentials and end the workflow. */
export const disconnectSignal = defineSignal<[{ reason: string }]>('disconnect');

/** Sent by a sync workflow to its tenant workflow after each batch. */
export const syncProgressSignal = defineSignal<[SyncProgress]>('syncProgress');

export const statusQuery = defineQuery<TenantStatus>('status');

/** Progress of one sync workflow. */
export const syncProgressQuery = defineQuery<SyncProgress>('syncProgress');
