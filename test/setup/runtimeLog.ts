import { DefaultLogger, LogEntry, Runtime } from '@temporalio/worker';

/**
 * Every log entry of the Temporal Runtime (worker, SDK and the workflows' and activities' `log`) in this
 * test file, for tests that check what gets logged. Entries at WARN and above are also printed.
 */
export const runtimeLogEntries: LogEntry[] = [];

Runtime.install({
  logger: new DefaultLogger('DEBUG', (entry) => {
    runtimeLogEntries.push(entry);
    if (entry.level === 'WARN' || entry.level === 'ERROR') {
      process.stderr.write(`[${entry.level}] ${entry.message} ${JSON.stringify(entry.meta ?? {})}\n`);
    }
  }),
});
