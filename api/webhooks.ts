import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { TENANT_ID_PATTERN } from '../common/tenant';
import type { SyncStore } from '../store/types';
import type { WebhookBatcher } from './webhookBatcher';

/** Largest accepted webhook body; a v2 event names ids only and is well under 1 KiB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** How long a delivered body is remembered, so an exact replay is acknowledged without queueing work. */
const REPLAY_WINDOW_MS = 10 * 60 * 1000;
const MAX_REMEMBERED_BODIES = 100_000;
/** Keys the HMAC for tenants without a secret, so every rejection costs the same work. */
const UNKNOWN_TENANT_KEY = randomBytes(32);

/** The parts of a HiBob v2 event the receiver uses; other fields are ignored. */
const webhookEventSchema = z.object({
  type: z.string().min(1),
  data: z
    .object({
      employeeId: z.union([z.string(), z.number()]).optional(),
      id: z.union([z.string(), z.number()]).optional(),
    })
    .loose()
    .optional(),
});

const EMPLOYEE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Returns true when `signature` is base64(HMAC-SHA512(secret, rawBody)), comparing in constant time. */
export function verifyBobSignature(secret: string | Buffer, rawBody: Buffer, signature: string | undefined): boolean {
  const expected = createHmac('sha512', secret).update(rawBody).digest();
  if (!signature) return false;
  const received = Buffer.from(signature.trim(), 'base64');
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the expected value.
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}

export interface WebhookRouteOptions {
  store: SyncStore;
  batcher: WebhookBatcher;
}

/**
 * Registers `POST /webhooks/hibob/:tenantId`. A delivery is accepted only with a valid `Bob-Signature` made
 * with the tenant's webhook secret. Unknown tenants, tenants without a secret and bad signatures all get
 * the same 401, so the endpoint does not reveal which tenant ids exist. Accepted events only queue the
 * employee id, because HiBob expects a response within seconds.
 */
export async function registerWebhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  // The signature covers the exact bytes sent, so this scope keeps every body as a raw buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_WEBHOOK_BODY_BYTES }, (_request, body, done) => done(null, body));
  const replays = new ReplayCache();

  app.post<{ Params: { tenantId: string } }>('/webhooks/hibob/:tenantId', async (request, reply) => {
    const { tenantId } = request.params;
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const signature = request.headers['bob-signature'];
    const secret = TENANT_ID_PATTERN.test(tenantId) ? (await options.store.getTenant(tenantId))?.secrets.hibobWebhookSecret : undefined;
    const valid = verifyBobSignature(secret ?? UNKNOWN_TENANT_KEY, rawBody, typeof signature === 'string' ? signature : undefined);
    if (!secret || !valid) {
      let reason = 'invalid signature';
      if (!secret) reason = 'unknown tenant or no webhook secret';
      else if (!signature) reason = 'missing signature';
      request.log.warn({ tenantId: tenantId.slice(0, 80), reason }, 'Rejected a HiBob webhook');
      return reply.code(401).send({ error: 'Missing or invalid Bob-Signature' });
    }
    return acceptEvent(request, reply, tenantId, rawBody, replays, options.batcher);
  });
}

function acceptEvent(
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
  rawBody: Buffer,
  replays: ReplayCache,
  batcher: WebhookBatcher,
): FastifyReply {
  if (replays.seenBefore(tenantId, rawBody)) {
    request.log.info({ tenantId }, 'Ignored a repeated HiBob webhook delivery');
    return reply.code(202).send({ status: 'duplicate' });
  }
  let event: z.infer<typeof webhookEventSchema>;
  try {
    event = webhookEventSchema.parse(JSON.parse(rawBody.toString('utf8')));
  } catch {
    request.log.warn({ tenantId }, 'Rejected a signed HiBob webhook whose body is not a v2 event');
    return reply.code(400).send({ error: 'Body is not a HiBob v2 event: expected JSON with "type" and "data"' });
  }
  const employeeId = String(event.data?.employeeId ?? event.data?.id ?? '');
  if (!event.type.startsWith('employee.') || !EMPLOYEE_ID_PATTERN.test(employeeId)) {
    request.log.info({ tenantId, type: event.type }, 'Ignored a HiBob webhook that names no employee');
    return reply.code(202).send({ status: 'ignored' });
  }
  batcher.add(tenantId, employeeId);
  return reply.code(202).send({ status: 'queued' });
}

/**
 * Digests of recently accepted bodies per tenant. A replay outside the window is harmless too: events
 * carry ids only and the sync re-reads the employee's current state, so it costs at most one more read.
 */
class ReplayCache {
  private readonly seenAt = new Map<string, number>();

  seenBefore(tenantId: string, rawBody: Buffer): boolean {
    const now = Date.now();
    const digest = createHash('sha256').update(tenantId).update('\n').update(rawBody).digest('base64');
    const previous = this.seenAt.get(digest);
    if (previous !== undefined && now - previous < REPLAY_WINDOW_MS) return true;
    this.seenAt.delete(digest);
    this.seenAt.set(digest, now);
    this.evict(now);
    return false;
  }

  /** Drops expired digests, oldest first (Map keeps insertion order), and the oldest beyond the size cap. */
  private evict(now: number): void {
    for (const [digest, at] of this.seenAt) {
      if (now - at < REPLAY_WINDOW_MS && this.seenAt.size <= MAX_REMEMBERED_BODIES) break;
      this.seenAt.delete(digest);
    }
  }
}
