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

/** Creates the process logger: JSON lines on stderr, secrets censored. */
export function createLogger(level: string, name = 'hibob-sync'): pino.Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, pino.destination(2));
}
