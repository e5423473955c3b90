import { randomBytes, timingSafeEqual } from 'node:crypto';
import { FULL_ACCESS_GROUP, validatePermissionGroup, type PermissionGroup } from './permissions';

/** A HiBob service user: an API identity that belongs to one company. */
export interface ServiceUser {
  id: string;
  companyId: string;
  token: string;
  permissionGroup: PermissionGroup;
}

/** Service users of every company, looked up by id when a request authenticates. */
export class ServiceUserRegistry {
  private readonly users = new Map<string, ServiceUser>();
  private nextNumber = 1;

  /** Creates a service user in `companyId`. @throws when the id is already taken */
  add(companyId: string, options: { id?: string; permissionGroup?: PermissionGroup } = {}): ServiceUser {
    const id = options.id ?? this.nextFreeId();
    if (this.users.has(id)) {
      throw new Error(`Service user ${id} already exists`);
    }
    const permissionGroup = { ...(options.permissionGroup ?? FULL_ACCESS_GROUP) };
    validatePermissionGroup(permissionGroup);
    const user: ServiceUser = { id, companyId, token: newToken(), permissionGroup };
    this.users.set(id, user);
    return user;
  }

  /** Returns the service user of `companyId` with this id. @throws when there is none */
  get(companyId: string, id: string): ServiceUser {
    const user = this.users.get(id);
    if (!user || user.companyId !== companyId) {
      throw new Error(`Service user ${id} not found in company ${companyId}`);
    }
    return user;
  }

  /** Returns the service user whose id and current token match, or undefined. */
  authenticate(id: string, token: string): ServiceUser | undefined {
    const user = this.users.get(id);
    if (!user) {
      return undefined;
    }
    const expected = Buffer.from(user.token);
    const actual = Buffer.from(token);
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? user : undefined;
  }

  /** Replaces the token; the old one is rejected from the next request on, as in HiBob. */
  refreshToken(companyId: string, id: string): string {
    const user = this.get(companyId, id);
    user.token = newToken();
    return user.token;
  }

  private nextFreeId(): string {
    let id = `SERVICE-${this.nextNumber++}`;
    while (this.users.has(id)) {
      id = `SERVICE-${this.nextNumber++}`;
    }
    return id;
  }
}

function newToken(): string {
  return randomBytes(20).toString('hex');
}
