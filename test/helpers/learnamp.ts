import type { SandboxEmployee } from '../../sandbox';
import type { EmployeeResult } from '../../store/types';
import type { Harness, TestTenant } from './harness';

/** Seeds the tenant's Learn Amp account with active, linked users for the given employees, as an earlier sync would have. */
export function seedLinkedUsers(harness: Harness, tenant: TestTenant, employees: readonly SandboxEmployee[]): void {
  const account = harness.sandboxes.learnamp.account(tenant.accountId);
  for (const employee of employees) {
    if (!employee.email) continue;
    account.seedUser({
      email: employee.email,
      firstName: employee.firstName,
      lastName: employee.surname,
      integrationExternalId: employee.id,
      status: 'confirmed',
    });
  }
}

/** Counts successful Learn Amp writes (creates, updates, deactivations, reactivations, team writes) for a tenant. */
export function learnAmpWrites(harness: Harness, tenant: TestTenant): number {
  return harness.sandboxes.learnamp.account(tenant.accountId).writeCount();
}

/** Finds the tenant's Learn Amp user linked to an employee. */
export function userOf(harness: Harness, tenant: TestTenant, employeeId: string) {
  return harness.sandboxes.learnamp.account(tenant.accountId).users.find((user) => user.integrationExternalId === employeeId);
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The latest recorded result for one employee. */
export async function resultOf(harness: Harness, tenantId: string, employeeId: string): Promise<EmployeeResult | undefined> {
  return (await harness.store.getEmployeeResults(tenantId, [employeeId])).get(employeeId);
}
