import { ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type pino from 'pino';
import { z } from 'zod';
import { loadPayloadCodec } from './codec';
import { loadConfig } from './config';
import { createLogger } from './logger';

/** Port of `npm run codec-server` unless CODEC_SERVER_PORT is set. */
export const DEFAULT_CODEC_SERVER_PORT = 8888;

/** Headers the Temporal Web UI sends to a codec endpoint. */
const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';
/** Encoded payloads can be close to Temporal's 2 MB limit each, and base64 adds a third. */
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const payloadsBodySchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).nullish(), data: base64.nullish() })),
});

type JsonPayload = z.infer<typeof payloadsBodySchema>['payloads'][number];

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Origins of the Web UI allowed to call the server from a browser; requests without an Origin header are allowed too. */
  allowedOrigins: readonly string[];
  logger: pino.Logger | false;
}

/**
 * Builds the codec server the Temporal Web UI and CLI call to show encrypted payloads: `POST /decode` and
 * `POST /encode` take and return `{ payloads: [{ metadata, data }] }` with base64 values (proto JSON).
 * NOTE: it decrypts for anyone who can reach it, so it binds to loopback unless CODEC_SERVER_HOST is set.
 */
export function buildCodecServer(options: CodecServerOptions): FastifyInstance {
  const app: FastifyInstance = options.logger
    ? Fastify({ loggerInstance: options.logger as FastifyBaseLogger, bodyLimit: BODY_LIMIT_BYTES })
    : Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES });
  const allowedOrigins = new Set(options.allowedOrigins);

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (!allowedOrigins.has(origin)) {
      request.log.warn({ origin }, 'Codec request from an origin that is not allowed');
      return reply.code(403).send({ error: `Origin ${origin} is not allowed: add it to CODEC_SERVER_ALLOWED_ORIGINS` });
    }
    reply.header('Access-Control-Allow-Origin', origin);
    reply.header('Access-Control-Allow-Credentials', 'true');
    reply.header('Vary', 'Origin');
  });

  const preflight = async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.header('Access-Control-Allow-Methods', 'POST, OPTIONS');
    reply.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    reply.header('Access-Control-Max-Age', '600');
    return reply.code(204).send();
  };
  app.options('/encode', preflight);
  app.options('/decode', preflight);

  const route = (operation: 'encode' | 'decode') => async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = payloadsBodySchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply.code(400).send({ error: `Invalid body: ${issue.path.join('.') || 'body'} ${issue.message}` });
    }
    try {
      const payloads = parsed.data.payloads.map(fromJson);
      const result = await options.codec[operation](payloads);
      return { payloads: result.map(toJson) };
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      request.log.warn({ namespace: request.headers['x-namespace'], error: error.message }, `Codec ${operation} failed`);
      return reply.code(400).send({ error: error.message });
    }
  };
  app.post('/encode', route('encode'));
  app.post('/decode', route('decode'));
  return app;
}

function fromJson(payload: JsonPayload): Payload {
  const metadata = Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]);
  return { metadata: Object.fromEntries(metadata), data: Buffer.from(payload.data ?? '', 'base64') };
}

function toJson(payload: Payload): JsonPayload {
  const metadata = Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]);
  return { metadata: Object.fromEntries(metadata), data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') };
}

const codecServerConfigSchema = z.object({
  CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  CODEC_SERVER_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_CODEC_SERVER_PORT),
  /** Comma-separated origins, defaulting to the dev server's Web UI. */
  CODEC_SERVER_ALLOWED_ORIGINS: z.string().default('http://127.0.0.1:8233,http://localhost:8233'),
});

/** Runs the codec server with the worker's payload keys until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const parsed = codecServerConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const logger = createLogger(config.logLevel, 'hibob-sync-codec-server');
  const allowedOrigins = parsed.data.CODEC_SERVER_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  const app = buildCodecServer({ codec: loadPayloadCodec(config), allowedOrigins, logger });
  await app.listen({ host: parsed.data.CODEC_SERVER_HOST, port: parsed.data.CODEC_SERVER_PORT });
  logger.info({ allowedOrigins }, 'Codec server started');
  const stop = () => {
    void app.close().then(() => logger.info('Codec server stopped'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`hibob-sync codec server failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
