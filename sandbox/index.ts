import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { HiBobSandbox, type HiBobSandboxOptions } from './hibob/sandbox';
import { buildHiBobServer } from './hibob/server';
import { LearnAmpSandbox, type LearnAmpSandboxOptions } from './learnamp/sandbox';
import { buildLearnAmpServer } from './learnamp/server';
import type { LoggerOption } from './logger';

export { generateCompany, type GenerateCompanyOptions, type GeneratedCompany } from './company';
export {
  LIFECYCLE_STATUSES,
  type AccessStatus,
  type LifecycleStatus,
  type NamedListItem,
  type SandboxEmployee,
} from './employee';
export { FaultInjector, type AppliedFault, type FaultEffect, type FaultOptions } from './faults';
export { HiBobCompany } from './hibob/company';
export {
  WEBHOOK_EVENT_TYPES,
  signWebhookBody,
  type SendWebhookOptions,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookSubscription,
} from './hibob/webhooks';
export { FULL_ACCESS_GROUP, type PermissionGroup } from './hibob/permissions';
export {
  HiBobSandbox,
  type AddCompanyOptions,
  type HiBobRequestRecord,
  type HiBobSandboxOptions,
} from './hibob/sandbox';
export type { LifecycleCasing } from './hibob/fields';
export { LearnAmpAccount, type AddAccountOptions, type Invitation } from './learnamp/account';
export {
  ALL_SCOPES,
  USER_STATUSES,
  type RequestKind,
  type SandboxTeam,
  type SandboxUser,
  type UserStatus,
} from './learnamp/models';
export { LearnAmpSandbox, type LearnAmpRequestRecord, type LearnAmpSandboxOptions } from './learnamp/sandbox';
export { SandboxAdminClient } from './adminClient';
export type { LoggerOption } from './logger';

/** Options of {@link startSandboxes}. */
export interface SandboxOptions {
  /** Port of the HiBob server, where 0 picks a free one. @default 0 */
  hibobPort?: number;
  /** Port of the Learn Amp server, where 0 picks a free one. @default 0 */
  learnampPort?: number;
  /**
   * Interface both servers listen on. Loopback by default because the admin routes have no authentication;
   * 0.0.0.0 suits a container whose network only the worker shares. @default '127.0.0.1'
   */
  host?: string;
  hibob?: HiBobSandboxOptions;
  learnamp?: LearnAmpSandboxOptions;
  /** Request logging of both servers: false, or pino options. @default false */
  logger?: LoggerOption;
}

/** Both running sandboxes. */
export interface Sandboxes {
  /** HiBob base URL including `/v1`, e.g. 'http://127.0.0.1:4010/v1'. */
  hibobUrl: string;
  /** Learn Amp base URL: token at `/oauth/token`, resources under `/v1`. */
  learnampUrl: string;
  hibob: HiBobSandbox;
  learnamp: LearnAmpSandbox;
  /** Stops both servers. */
  close(): Promise<void>;
}

/** Loopback unless a caller chooses otherwise: the sandboxes have unauthenticated admin routes. */
const DEFAULT_HOST = '127.0.0.1';

/** Starts the HiBob and Learn Amp sandbox servers, on loopback unless `host` names another interface. */
export async function startSandboxes(options: SandboxOptions = {}): Promise<Sandboxes> {
  const hibob = new HiBobSandbox(options.hibob);
  const learnamp = new LearnAmpSandbox(options.learnamp);
  const logger = options.logger ?? false;
  const hibobServer = buildHiBobServer(hibob, logger);
  const learnampServer = buildLearnAmpServer(learnamp, logger);
  try {
    const host = options.host ?? DEFAULT_HOST;
    const hibobOrigin = await listen(hibobServer, host, options.hibobPort ?? 0);
    const learnampOrigin = await listen(learnampServer, host, options.learnampPort ?? 0);
    return {
      hibobUrl: `${hibobOrigin}/v1`,
      learnampUrl: learnampOrigin,
      hibob,
      learnamp,
      close: async () => {
        await Promise.all([hibobServer.close(), learnampServer.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([hibobServer.close(), learnampServer.close()]);
    throw error;
  }
}

async function listen(server: FastifyInstance, host: string, port: number): Promise<string> {
  await server.listen({ host, port });
  const address = server.server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
