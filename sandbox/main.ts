import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { startSandboxes } from './index';

/** Runs both sandboxes as a standalone process until SIGINT or SIGTERM. */
async function main(argv: string[]): Promise<void> {
  const options = new Command('sandbox')
    .description('Run the local HiBob and Learn Amp sandbox APIs, on 127.0.0.1 unless --host names another interface.')
    .option('--host <address>', 'interface to listen on; the admin routes have no authentication, so keep it private', '127.0.0.1')
    .option('--hibob-port <port>', 'port of the HiBob sandbox (0 picks a free port)', parsePort, 0)
    .option('--learnamp-port <port>', 'port of the Learn Amp sandbox (0 picks a free port)', parsePort, 0)
    .option('--log-level <level>', 'pino level of the request log, or "silent"', 'info')
    .parse(argv)
    .opts<{ host: string; hibobPort: number; learnampPort: number; logLevel: string }>();

  const log = pino({ level: options.logLevel });
  const sandboxes = await startSandboxes({
    host: options.host,
    hibobPort: options.hibobPort,
    learnampPort: options.learnampPort,
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
  });
  log.info({ hibobUrl: sandboxes.hibobUrl, learnampUrl: sandboxes.learnampUrl }, 'Sandboxes started');
  // The URLs go to stdout as plain lines too, so scripts can read them without parsing logs.
  process.stdout.write(`HIBOB_URL=${sandboxes.hibobUrl}\nLEARNAMP_URL=${sandboxes.learnampUrl}\n`);

  const stop = (signal: string) => {
    log.info({ signal }, 'Stopping sandboxes');
    sandboxes.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'Failed to stop sandboxes');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`invalid port "${value}": expected a whole number from 0 to 65535`);
  }
  return port;
}

main(process.argv).catch((error: unknown) => {
  console.error('Failed to start sandboxes:', error);
  process.exit(1);
});
