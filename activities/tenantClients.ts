import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../common/failureTypes';
import type { SyncStore } from '../store/syncStore';
import type { TenantRecord } from '../store/types';
import { HiBobClient } from './hibob/client';
import { LearnAmpClient } from './learnamp/client';

export interface TenantClients {
  tenant: TenantRecord;
  hibob: HiBobClient;
  learnamp: LearnAmpClient;
}

/** Loads a tenant's current credentials from the store and builds its API clients. */
export function tenantClients(store: SyncStore, tenantId: string): TenantClients {
  const tenant = store.getTenant(tenantId);
  if (!tenant) {
    throw ApplicationFailure.create({
      type: FailureType.tenantNotConnected,
      nonRetryable: true,
      message: `Tenant "${tenantId}" has no stored credentials: run "hibob-sync connect --tenant ${tenantId}"`,
    });
  }
  const { connection, secrets } = tenant;
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
    ),
  };
}

/** Today's date, YYYY-MM-DD in UTC, which start and termination dates are compared with. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
