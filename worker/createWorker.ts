import type { DataConverter, Duration } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { SyncStore } from '../store/types';
import type { SyncMetrics } from './metrics';

export interface SyncWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  store: SyncStore;
  /** Prometheus metrics the worker's activities and sync workflows feed. @default no metrics */
  metrics?: SyncMetrics;
  /** Must match the clients' converter; `encryptedDataConverter` encrypts payloads. @default plaintext payloads */
  dataConverter?: DataConverter;
  /** Time running activities get to finish after a shutdown request. @default '30 seconds' */
  shutdownGraceTime?: Duration;
}

/** Creates a worker that runs the tenant and sync workflows and their activities. */
export async function createSyncWorker(options: SyncWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowsPath: require.resolve('../workflows'),
    activities: createActivities(options.store),
    interceptors: options.metrics
      ? { activity: [options.metrics.activityInterceptor()], workflowModules: [require.resolve('./runMetricsInterceptor')] }
      : undefined,
    sinks: options.metrics?.sinks(),
    dataConverter: options.dataConverter,
    shutdownGraceTime: options.shutdownGraceTime ?? '30 seconds',
    // NOTE: a HiBob rate-limit wait (up to 65 s) ignores cancellation, so without this a stop could outlast the grace time.
    shutdownForceTime: '60 seconds',
    // Writes for several tenants share the worker; each tenant's own concurrency is set per tenant.
    maxConcurrentActivityTaskExecutions: 40,
  });
}
