import { join } from 'node:path';
import { z } from 'zod';

/** Service configuration from environment variables, parsed once at start-up. */
const configSchema = z.object({
  /** host:port of an existing Temporal frontend; unset means the embedded dev server on 127.0.0.1:7233. */
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('hibob-sync'),
  /** Folder for the SQLite sync store, the secret key file and the dev server's database. */
  HIBOB_SYNC_DATA_DIR: z.string().min(1).default('.data'),
  /**
   * PostgreSQL connection URL (`postgres://user:password@host:5432/database`) of a store shared by
   * workers on several machines. Unset means the SQLite store in the data folder.
   */
  DATABASE_URL: z.string().min(1).optional(),
  /** Comma-separated base64 AES-256 keys, newest first; unset means a key file in the data folder. */
  HIBOB_SYNC_SECRET_KEYS: z.string().optional(),
  /** Comma-separated base64 AES-256 keys that encrypt Temporal payloads, newest first; unset means a key file in the data folder. */
  HIBOB_SYNC_PAYLOAD_KEYS: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Port of the worker's Prometheus endpoint (`/metrics`); unset means no endpoint. */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Interface the metrics endpoints listen on; 0.0.0.0 exposes them beyond this machine, e.g. in a container. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Port of the Temporal SDK's own Prometheus exporter (worker and poller metrics); unset means off. */
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export interface ServiceConfig {
  temporalAddress: string | undefined;
  namespace: string;
  taskQueue: string;
  dataDir: string;
  databaseFile: string;
  /** PostgreSQL URL of the sync store, or undefined for the SQLite file `databaseFile`. */
  databaseUrl: string | undefined;
  secretKeyFile: string;
  secretKeys: string | undefined;
  payloadKeyFile: string;
  payloadKeys: string | undefined;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  /** Where the worker serves metrics; each port is undefined when its endpoint is off. */
  metrics: { host: string; port: number | undefined; temporalPort: number | undefined };
}

/** Parses the configuration; an invalid value is reported by name with what it must be. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  const values = parsed.data;
  return {
    temporalAddress: values.TEMPORAL_ADDRESS,
    namespace: values.TEMPORAL_NAMESPACE,
    taskQueue: values.TEMPORAL_TASK_QUEUE,
    dataDir: values.HIBOB_SYNC_DATA_DIR,
    databaseFile: join(values.HIBOB_SYNC_DATA_DIR, 'hibob-sync.db'),
    databaseUrl: values.DATABASE_URL,
    secretKeyFile: join(values.HIBOB_SYNC_DATA_DIR, 'secret.key'),
    secretKeys: values.HIBOB_SYNC_SECRET_KEYS,
    payloadKeyFile: join(values.HIBOB_SYNC_DATA_DIR, 'payload.key'),
    payloadKeys: values.HIBOB_SYNC_PAYLOAD_KEYS,
    logLevel: values.LOG_LEVEL,
    metrics: { host: values.METRICS_HOST, port: values.METRICS_PORT, temporalPort: values.TEMPORAL_METRICS_PORT },
  };
}

/** The dev server's default address, used when TEMPORAL_ADDRESS is unset. */
export const DEV_SERVER_ADDRESS = '127.0.0.1:7233';
