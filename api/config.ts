import { z } from 'zod';

/** Shortest accepted API key; `openssl rand -base64 32` prints 44 characters. */
export const MIN_API_KEY_LENGTH = 32;

const apiConfigSchema = z.object({
  /** Interface the API listens on; loopback unless a proxy or load balancer in front needs another. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Comma-separated bearer keys for the admin routes; several keys allow rotation without downtime. */
  HIBOB_SYNC_API_KEYS: z.string().optional(),
  /** Seconds between two employeesChanged signals to one tenant, so webhook bursts become a few signals. */
  WEBHOOK_FLUSH_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
});

/** Configuration of the HTTP API (admin routes and HiBob webhooks). */
export interface ApiConfig {
  host: string;
  port: number;
  apiKeys: string[];
  webhookFlushIntervalMs: number;
}

/** Parses the API configuration; throws with the variable's name when a value is invalid or no API key is set. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = apiConfigSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  const values = parsed.data;
  return {
    host: values.API_HOST,
    port: values.API_PORT,
    apiKeys: parseApiKeys(values.HIBOB_SYNC_API_KEYS),
    webhookFlushIntervalMs: Math.round(values.WEBHOOK_FLUSH_INTERVAL_SECONDS * 1000),
  };
}

/** Splits `HIBOB_SYNC_API_KEYS`; the admin API must not start without a key, because it would be open to anyone. */
export function parseApiKeys(value: string | undefined): string[] {
  const keys = (value ?? '').split(',').map((key) => key.trim()).filter(Boolean);
  if (keys.length === 0) {
    throw new Error(
      'HIBOB_SYNC_API_KEYS is not set: the admin API needs at least one bearer key. Generate one with "openssl rand -base64 32".',
    );
  }
  keys.forEach((key, index) => {
    if (key.length < MIN_API_KEY_LENGTH) {
      throw new Error(`HIBOB_SYNC_API_KEYS entry ${index + 1} is ${key.length} characters long; use at least ${MIN_API_KEY_LENGTH}`);
    }
  });
  return keys;
}
