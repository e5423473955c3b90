import type { InvitePolicy } from '../../common/tenant';
import type { SyncStore } from '../../store/syncStore';
import type { SnapshotEntry } from '../hibob/employee';
import type { LearnAmpUser } from '../learnamp/user';
import type { NamedLists } from './desiredUser';
import { accountIntent } from './lifecycle';
import { EmployeePlan, planEmployee } from './planEmployee';

/** Everything needed to plan employees of one run, read from the store as it is at call time. */
export class RunPlanner {
  private readonly lists: NamedLists;

  constructor(
    private readonly store: SyncStore,
    private readonly tenantId: string,
    private readonly syncId: string,
    private readonly invitePolicy: InvitePolicy,
    private readonly today: string,
  ) {
    this.lists = store.getNamedLists(tenantId, syncId);
  }

  get namedLists(): NamedLists {
    return this.lists;
  }

  /** The user this employee is linked to: same external id, or else an unlinked user with the same email. */
  linkedUser(entry: SnapshotEntry): LearnAmpUser | null {
    const runData = this.store.runData;
    const byExternalId = runData.learnAmpUserByExternalId(this.tenantId, this.syncId, entry.employee.id);
    if (byExternalId) return byExternalId;
    if (!entry.employee.email) return null;
    const byEmail = runData.learnAmpUserByEmail(this.tenantId, this.syncId, entry.employee.email);
    return byEmail && byEmail.integrationExternalId === null ? byEmail : null;
  }

  plan(entry: SnapshotEntry): EmployeePlan {
    const { employee } = entry;
    const runData = this.store.runData;
    const manager = employee.managerId ? runData.getEmployee(this.tenantId, this.syncId, employee.managerId) : null;
    let managerUserId: number | undefined;
    if (manager?.entry && accountIntent(manager.entry.employee.lifecycleStatus, manager.entry.employee.startDate, this.today) === 'active') {
      const managerUser = runData.learnAmpUserByExternalId(this.tenantId, this.syncId, manager.employeeId);
      if (managerUser?.active) managerUserId = managerUser.id;
    }
    return planEmployee({
      entry,
      linkedUser: this.linkedUser(entry),
      duplicateEmail:
        employee.email !== null &&
        runData.emailSharedWithCurrentEmployee(this.tenantId, this.syncId, employee.email, employee.id),
      managerUserId,
      managerVisible: employee.managerId === null || manager !== null,
      lists: this.lists,
      today: this.today,
      invitePolicy: this.invitePolicy,
    });
  }
}
