import { NativeConnection, Runtime } from '@temporalio/worker';
import { Connection } from '@temporalio/client';
import { encryptedDataConverter, loadPayloadCodec } from './codec';
import { DEV_SERVER_ADDRESS, loadConfig } from './config';
import { createSyncWorker } from './createWorker';
import { createLogger, runtimeLoggerFor } from './logger';
import { openStore } from './openStore';
import { sdkTelemetryOptions, SyncMetrics } from './metrics';
import { startMetricsServer } from './metricsServer';
import { ensureSearchAttributes } from './searchAttributes';

/** Runs a worker until SIGINT or SIGTERM, then lets running activities finish within the grace time. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'hibob-sync-worker');
  Runtime.install({ logger: runtimeLoggerFor(logger), telemetryOptions: sdkTelemetryOptions(config.metrics) });
  const address = config.temporalAddress ?? DEV_SERVER_ADDRESS;
  const client = await Connection.connect({ address });
  const added = await ensureSearchAttributes(client, config.namespace);
  if (added.length > 0) logger.info({ added }, 'Registered search attributes');
  await client.close();

  const store = openStore(config);
  const connection = await NativeConnection.connect({ address });
  const codec = loadPayloadCodec(config);
  const dataConverter = encryptedDataConverter(codec);
  const metrics = config.metrics.port === undefined ? undefined : new SyncMetrics();
  const metricsServer = metrics ? await startMetricsServer(metrics.registry, { host: config.metrics.host, port: config.metrics.port! }) : null;
  if (metricsServer) logger.info({ url: metricsServer.url }, 'Metrics endpoint started');
  const worker = await createSyncWorker({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    store,
    dataConverter,
    metrics,
  });
  logger.info({ address, namespace: config.namespace, taskQueue: config.taskQueue, payloadKeyId: codec.currentKeyId }, 'Worker started');
  await worker.run();
  await metricsServer?.close();
  store.close();
  await connection.close();
  logger.info('Worker stopped');
}

main().catch((error) => {
  process.stderr.write(`hibob-sync worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
