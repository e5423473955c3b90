import type { LoggerOptions } from 'pino';

/** Logging of the sandbox servers: false for none, or pino options. */
export type LoggerOption = false | LoggerOptions;
