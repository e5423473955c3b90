import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../common/failureTypes';
import type { SyncStore, TenantRecord } from '../store/types';
import { HiBobClient } from './hibob/client';
import { LearnAmpClient } from './learnamp/client';
import { writeLimiterFor } from './learnamp/writeLimiter';
import { tenantSettingsWithDefaults } from '../common/tenant';

export interface TenantClients {
  tenant: TenantRecord;
  hibob: HiBobClient;
  learnamp: LearnAmpClient;
}

/** Loads a tenant's current credentials from the store and builds its API clients. */
export async function tenantClients(store: SyncStore, tenantId: string): Promise<TenantClients> {
  const tenant = await store.getTenant(tenantId);
  if (!tenant) {
    throw ApplicationFailure.create({
      type: FailureType.tenantNotConnected,
      nonRetryable: true,
      message: `Tenant "${tenantId}" has no stored credentials: run "hibob-sync connect --tenant ${tenantId}"`,
    });
  }
  const { connection, secrets } = tenant;
  const { learnampWritesPerSecond } = tenantSettingsWithDefaults(connection.settings);
  return {
    tenant,
    hibob: new HiBobClient({ baseUrl: connection.hibobBaseUrl, serviceUserId: connection.serviceUserId, token: secrets.hibobToken }),
    learnamp: new LearnAmpClient(
      {
        baseUrl: connection.learnampBaseUrl,
        clientId: connection.learnampClientId,
        clientSecret: secrets.learnampClientSecret,
        scopes: connection.learnampScopes,
      },
      tenant.credentialsVersion,
      writeLimiterFor(tenantId, learnampWritesPerSecond),
    ),
  };
}

/** Today's date, YYYY-MM-DD in UTC, which start and termination dates are compared with. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Maps `items` through `work` with at most `concurrency` calls in flight, keeping order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
