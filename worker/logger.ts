import pino from 'pino';

/** Paths pino censors wherever they appear in a log record. */
const REDACTED_PATHS = [
  'token',
  'hibobToken',
  'clientSecret',
  'learnampClientSecret',
  'secrets',
  'authorization',
  'Authorization',
  '*.token',
  '*.hibobToken',
  '*.clientSecret',
  '*.learnampClientSecret',
  '*.secrets',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
];

/** Creates a logger that writes JSON lines to stderr, or to `file` when given, with secrets censored. */
export function createLogger(level: string, name = 'hibob-sync', file?: string): pino.Logger {
  const destination = file ? pino.destination({ dest: file, mkdir: true, sync: false }) : pino.destination(2);
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
