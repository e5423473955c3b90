import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import pino from 'pino';

/** Paths pino censors wherever they appear in a log record. */
const REDACTED_PATHS = [
  'token',
  'hibobToken',
  'clientSecret',
  'learnampClientSecret',
  'secrets',
  'hibobWebhookSecret',
  'accessToken',
  'access_token',
  'authorization',
  'Authorization',
  '*.token',
  '*.hibobToken',
  '*.clientSecret',
  '*.learnampClientSecret',
  '*.secrets',
  '*.hibobWebhookSecret',
  '*.accessToken',
  '*.access_token',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
];

/** Creates a logger that writes JSON lines to stderr, or to `file` when given, with secrets censored. */
export function createLogger(level: string, name = 'hibob-sync', file?: string): pino.Logger {
  const destination = file ? pino.destination({ dest: file, mkdir: true, sync: false }) : pino.destination(2);
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}

/** pino level for each Temporal log level; TRACE entries are written at debug. */
const PINO_LEVELS = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Creates a Temporal Runtime logger that writes the SDK's and core's log entries to `logger`. */
export function runtimeLoggerFor(logger: pino.Logger): DefaultLogger {
  return new DefaultLogger('INFO', (entry: LogEntry) => {
    logger[PINO_LEVELS[entry.level]]({ ...entry.meta }, entry.message);
  });
}
