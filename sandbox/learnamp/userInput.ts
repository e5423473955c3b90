import type { LearnAmpAccount } from './account';
import { ApiError, FieldErrors, badRequest } from './errors';
import type { SandboxUser } from './models';
import { has, readBoolean, readDate, readInteger, readString, type Params } from './params';

/** A loose email check: one @, no spaces, a dot in the domain. Learn Amp does not document its exact rule. */
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** User attributes a create or update sets. A null clears the attribute. */
export type UserChanges = Partial<
  Pick<
    SandboxUser,
    | 'email'
    | 'firstName'
    | 'lastName'
    | 'integrationExternalId'
    | 'jobTitle'
    | 'hireDate'
    | 'location'
    | 'department'
    | 'managerId'
    | 'primaryTeamId'
  >
>;

/** A validated create or update request. */
export interface UserInput {
  changes: UserChanges;
  skipInvitation: boolean;
  reactivate: boolean;
}

/**
 * Validates user parameters in Learn Amp's order: parameter checks ("email is missing"), mutually
 * exclusive pairs, manager and team references, then model validations ("Validation failed: ...").
 * On update, absent parameters stay unchanged. @throws ApiError with status 400
 */
export function parseUserInput(params: Params, account: LearnAmpAccount, existing?: SandboxUser): UserInput {
  const errors = new FieldErrors();
  const isCreate = existing === undefined;
  const required = (name: string) => isCreate || has(params, name);
  const changes: UserChanges = {
    email: readString(params, 'email', errors, required('email')) ?? undefined,
    firstName: readString(params, 'firstName', errors, required('firstName')) ?? undefined,
    lastName: readString(params, 'lastName', errors, required('lastName')) ?? undefined,
    integrationExternalId: readString(params, 'integrationExternalId', errors),
    jobTitle: readString(params, 'jobTitle', errors),
    hireDate: readDate(params, 'hireDate', errors),
    location: readString(params, 'location', errors),
    department: readString(params, 'department', errors),
    managerId: readInteger(params, 'managerId', errors),
    primaryTeamId: readInteger(params, 'primaryTeamId', errors),
  };
  const managerEmail = readString(params, 'managerEmail', errors);
  const teamExternalId = readString(params, 'primaryTeamIntegrationExternalId', errors);
  const skipInvitation = readBoolean(params, 'skipInvitation', errors) ?? false;
  const reactivate = readBoolean(params, 'reactivate', errors) ?? false;
  errors.throwIfAny();

  for (const [first, second] of [
    ['managerId', 'managerEmail'],
    ['primaryTeamId', 'primaryTeamIntegrationExternalId'],
  ] as const) {
    if (has(params, first) && has(params, second)) {
      throw new ApiError(400, { error: `${first}, ${second} are mutually exclusive` });
    }
  }

  resolveReferences(changes, account, managerEmail, teamExternalId);
  validateModel(changes, account, existing);
  if (changes.email) {
    changes.email = changes.email.toLowerCase();
  }
  return { changes: dropUndefined(changes), skipInvitation, reactivate };
}

function resolveReferences(
  changes: UserChanges,
  account: LearnAmpAccount,
  managerEmail: string | null | undefined,
  teamExternalId: string | null | undefined,
): void {
  const isActive = (user: SandboxUser) => user.status !== 'deactivated';
  if (typeof managerEmail === 'string') {
    const email = managerEmail.toLowerCase();
    const manager = account.users.find((user) => isActive(user) && user.email.toLowerCase() === email);
    if (!manager) {
      throw new ApiError(400, { error: 'managerEmail must match an existing user email within your company' });
    }
    changes.managerId = manager.id;
  } else if (managerEmail === null) {
    changes.managerId = null;
  }
  if (typeof changes.managerId === 'number') {
    const id = changes.managerId;
    if (!account.users.some((user) => user.id === id && isActive(user))) {
      throw badRequest(
        'managerId must match an existing active user ID within your company',
        'managerId',
        'must match an existing active user ID within your company',
      );
    }
  }
  if (typeof teamExternalId === 'string') {
    const team = account.teams.find((candidate) => candidate.integrationExternalId === teamExternalId);
    if (!team) {
      throw badRequest(
        'primaryTeamIntegrationExternalId must match existing teams integration external IDs',
        'primaryTeamIntegrationExternalId',
        'must match existing teams integration external IDs',
      );
    }
    changes.primaryTeamId = team.id;
  } else if (teamExternalId === null) {
    changes.primaryTeamId = null;
  }
  if (typeof changes.primaryTeamId === 'number') {
    const id = changes.primaryTeamId;
    if (!account.teams.some((team) => team.id === id)) {
      throw badRequest('primaryTeamId must match existing teams IDs', 'primaryTeamId', 'must match existing teams IDs');
    }
  }
}

function validateModel(changes: UserChanges, account: LearnAmpAccount, existing: SandboxUser | undefined): void {
  const errors = new FieldErrors();
  const isOther = (user: SandboxUser) => user !== existing;
  if (changes.email !== undefined) {
    const email = changes.email.toLowerCase();
    if (!EMAIL_PATTERN.test(email)) {
      errors.addValidation('email', 'Email', 'is invalid');
    } else if (account.users.some((user) => isOther(user) && user.email.toLowerCase() === email)) {
      errors.addValidation('email', 'Email', 'has already been taken');
    }
  }
  const externalId = changes.integrationExternalId;
  if (
    typeof externalId === 'string' &&
    account.users.some((u) => isOther(u) && u.integrationExternalId === externalId)
  ) {
    errors.addValidation('integrationExternalId', 'Integration external id', 'has already been taken');
  }
  errors.throwIfAny('Validation failed: ');
}

function dropUndefined(changes: UserChanges): UserChanges {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as UserChanges;
}
