import { Context, log } from '@temporalio/activity';
import type { EmployeeOutcome, PlannedWrite } from '../common/sync';
import type { InvitePolicy } from '../common/tenant';
import type { SyncStore } from '../store/types';
import { LearnAmpClient, LearnAmpRejectedError } from './learnamp/client';
import type { LearnAmpUser } from './learnamp/user';
import { PlannedEmployee, planEmployees, PlanningRun } from './sync/batchPlanner';
import { result, RunRef } from './syncSteps';
import { tenantClients, todayUtc } from './tenantClients';

export interface ApplyWriteInput extends RunRef {
  write: PlannedWrite;
  invitePolicy: InvitePolicy;
  partial: boolean;
}

/**
 * Makes one planned Learn Amp write. The plan is recomputed from the run's snapshot first, so a retried or
 * replayed write that already happened becomes a no-op, and a retried create looks the user up before
 * creating it again. A write Learn Amp rejects (400, 404, 422) is recorded and skipped, not retried.
 */
export async function applyWrite(store: SyncStore, input: ApplyWriteInput): Promise<{ outcome: EmployeeOutcome }> {
  const { tenantId, syncId, write } = input;
  // Compared with the run's cache of Learn Amp users, which planning filled and each write updates.
  const run: PlanningRun = { tenantId, syncId, invitePolicy: input.invitePolicy, today: todayUtc(), reconcile: true, partial: input.partial };
  const rows = await store.getSnapshotRows(tenantId, syncId, [write.employeeId]);
  let [planned] = await planEmployees(store, run, rows);
  if (!planned) return { outcome: 'skipped' };
  const { learnamp } = await tenantClients(store, tenantId);

  if (planned.plan.action === 'create' && Context.current().info.attempt > 1) {
    // The last attempt may have created the user before its response was lost.
    const existing = await learnamp.getUserByExternalId(write.employeeId);
    if (existing) {
      await store.saveLearnAmpUsers(tenantId, syncId, [existing]);
      [planned] = await planEmployees(store, run, rows);
    }
  }
  const { plan, linkedUser, fingerprint } = planned!;
  const lifecycleStatus = planned!.row.entry.employee.lifecycleStatus;
  if (!plan.action) {
    await store.recordEmployeeResults([
      result(run, write.employeeId, plan.outcome, {
        learnampUserId: linkedUser?.id ?? null,
        learnampActive: linkedUser?.active ?? null,
        fingerprint,
        problems: plan.problems,
        lifecycleStatus,
      }),
    ]);
    return { outcome: plan.outcome };
  }

  try {
    const user = await makeWrite(learnamp, planned!);
    await store.saveLearnAmpUsers(tenantId, syncId, [user]);
    await store.recordEmployeeResults([
      result(run, write.employeeId, plan.outcome, {
        learnampUserId: user.id,
        learnampActive: user.active,
        fingerprint,
        problems: plan.problems,
        lifecycleStatus,
      }),
    ]);
    log.info('Learn Amp user written', { tenantId, employeeId: write.employeeId, action: plan.action, userId: user.id });
    return { outcome: plan.outcome };
  } catch (error) {
    if (!(error instanceof LearnAmpRejectedError)) throw error;
    log.warn('Learn Amp rejected a write; employee skipped', { tenantId, employeeId: write.employeeId, action: plan.action, status: error.status });
    const problem = {
      code: 'learnamp_rejected' as const,
      employeeId: write.employeeId,
      message: `could not be written (${plan.action}): Learn Amp returned ${error.status} "${error.apiMessage}". Correct the record in HiBob or the user in Learn Amp.`,
      skipped: true,
    };
    // No fingerprint, so the next run tries again.
    await store.recordEmployeeResults([result(run, write.employeeId, 'skipped', { learnampUserId: linkedUser?.id ?? null, problems: [problem], lifecycleStatus })]);
    return { outcome: 'skipped' };
  }
}

async function makeWrite(learnamp: LearnAmpClient, planned: PlannedEmployee): Promise<LearnAmpUser> {
  const { plan, linkedUser } = planned;
  if (plan.action === 'create') return learnamp.createUser(plan.body!, plan.skipInvitation ?? false);
  if (!linkedUser) throw new Error(`A ${plan.action} write needs a linked Learn Amp user`);
  switch (plan.action) {
    case 'deactivate':
      await learnamp.deactivateUser(linkedUser.id);
      return { ...linkedUser, active: false };
    case 'reactivate':
      await learnamp.reactivateUser(linkedUser.id);
      if (plan.changed && plan.changed.length > 0) return learnamp.updateUser(linkedUser.id, plan.body!);
      return { ...linkedUser, active: true };
    default:
      return learnamp.updateUser(linkedUser.id, plan.body!);
  }
}
