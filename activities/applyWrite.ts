import { Context, log } from '@temporalio/activity';
import type { EmployeeOutcome, PlannedWrite } from '../common/sync';
import type { InvitePolicy } from '../common/tenant';
import type { SyncStore } from '../store/syncStore';
import { LearnAmpClient, LearnAmpRejectedError } from './learnamp/client';
import type { LearnAmpUser } from './learnamp/user';
import { RunPlanner } from './sync/planContext';
import type { EmployeePlan } from './sync/planEmployee';
import { recordResult, RunRef } from './syncSteps';
import { tenantClients, todayUtc } from './tenantClients';

export interface ApplyWriteInput extends RunRef {
  write: PlannedWrite;
  invitePolicy: InvitePolicy;
}

/**
 * Makes one planned Learn Amp write. The plan is recomputed from the run's snapshot first, so a retried or
 * replayed write that already happened becomes a no-op, and a retried create looks the user up before
 * creating it again. A write Learn Amp rejects (400, 404, 422) is recorded and skipped, not retried.
 */
export async function applyWrite(store: SyncStore, input: ApplyWriteInput): Promise<{ outcome: EmployeeOutcome }> {
  const { tenantId, syncId, write } = input;
  const row = store.runData.getEmployee(tenantId, syncId, write.employeeId);
  if (!row?.entry) return { outcome: 'skipped' };
  const entry = row.entry;
  const { learnamp } = tenantClients(store, tenantId);
  const planner = new RunPlanner(store, tenantId, syncId, input.invitePolicy, todayUtc());

  let plan = planner.plan(entry);
  if (plan.action === 'create' && Context.current().info.attempt > 1) {
    // The last attempt may have created the user before its response was lost.
    const existing = await learnamp.getUserByExternalId(write.employeeId);
    if (existing) {
      store.runData.upsertLearnAmpUser(tenantId, syncId, existing);
      plan = planner.plan(entry);
    }
  }
  const lifecycleStatus = entry.employee.lifecycleStatus;
  const linked = planner.linkedUser(entry);
  if (!plan.action) {
    recordResult(store, input, write.employeeId, plan.outcome, linked?.id ?? null, plan.problems, lifecycleStatus);
    return { outcome: plan.outcome };
  }

  try {
    const user = await makeWrite(learnamp, plan, linked);
    store.runData.upsertLearnAmpUser(tenantId, syncId, user);
    recordResult(store, input, write.employeeId, plan.outcome, user.id, plan.problems, lifecycleStatus);
    log.info('Learn Amp user written', { tenantId, employeeId: write.employeeId, action: plan.action, userId: user.id });
    return { outcome: plan.outcome };
  } catch (error) {
    if (!(error instanceof LearnAmpRejectedError)) throw error;
    log.warn('Learn Amp rejected a write; employee skipped', {
      tenantId,
      employeeId: write.employeeId,
      action: plan.action,
      status: error.status,
    });
    const problem = {
      code: 'learnamp_rejected' as const,
      employeeId: write.employeeId,
      message: `could not be written (${plan.action}): Learn Amp returned ${error.status} "${error.apiMessage}". Correct the record in HiBob or the user in Learn Amp.`,
      skipped: true,
    };
    recordResult(store, input, write.employeeId, 'skipped', linked?.id ?? null, [problem], lifecycleStatus);
    return { outcome: 'skipped' };
  }
}

async function makeWrite(learnamp: LearnAmpClient, plan: EmployeePlan, linked: LearnAmpUser | null): Promise<LearnAmpUser> {
  if (plan.action === 'create') return learnamp.createUser(plan.body!, plan.skipInvitation ?? false);
  if (!linked) throw new Error(`A ${plan.action} write needs a linked Learn Amp user`);
  switch (plan.action) {
    case 'deactivate':
      await learnamp.deactivateUser(linked.id);
      return { ...linked, active: false };
    case 'reactivate':
      await learnamp.reactivateUser(linked.id);
      if (plan.changed && plan.changed.length > 0) return learnamp.updateUser(linked.id, plan.body!);
      return { ...linked, active: true };
    default:
      return learnamp.updateUser(linked.id, plan.body!);
  }
}
