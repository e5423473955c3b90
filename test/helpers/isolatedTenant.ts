import { connectTenant } from '../../client/adminActions';
import type { TenantSettings } from '../../common/tenant';
import { startSandboxes, type HiBobCompany, type LearnAmpAccount, type Sandboxes } from '../../sandbox';
import type { Harness } from './harness';

/**
 * A tenant with sandboxes of its own, so faults injected for it cannot reach another tenant and several
 * such tenants can sync at the same time on one harness.
 */
export interface IsolatedTenant {
  tenantId: string;
  sandboxes: Sandboxes;
  company: HiBobCompany;
  account: LearnAmpAccount;
  serviceUser: { id: string; token: string };
}

/** Starts a pair of sandboxes with a generated company (every status visible) and an empty Learn Amp account. */
export async function createIsolatedTenant(options: { tenantId: string; size: number; seed: number }): Promise<IsolatedTenant> {
  const sandboxes = await startSandboxes();
  const company = sandboxes.hibob.addCompany({ companyId: `${options.tenantId}-co`, seed: options.seed, size: options.size });
  const serviceUser = company.addServiceUser();
  const account = sandboxes.learnamp.addAccount({ accountId: `${options.tenantId}-la` });
  return { tenantId: options.tenantId, sandboxes, company, account, serviceUser };
}

/** Connects the tenant through the harness's Temporal server and worker. */
export async function connectIsolatedTenant(harness: Harness, tenant: IsolatedTenant, settings: Partial<TenantSettings> = {}): Promise<void> {
  await connectTenant(harness.context, {
    tenantId: tenant.tenantId,
    hibobBaseUrl: tenant.sandboxes.hibobUrl,
    serviceUserId: tenant.serviceUser.id,
    hibobToken: tenant.serviceUser.token,
    learnampBaseUrl: tenant.sandboxes.learnampUrl,
    learnampClientId: tenant.account.clientId,
    learnampClientSecret: tenant.account.clientSecret,
    settings: { invitePolicy: 'on_start_date', ...settings },
  });
}
