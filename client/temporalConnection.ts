import { Client, Connection } from '@temporalio/client';
import { encryptedDataConverter, loadPayloadCodec } from '../worker/codec';
import { DEV_SERVER_ADDRESS, ServiceConfig } from '../worker/config';
import { openStore } from '../worker/openStore';
import type { AdminContext } from './adminActions';

/** Connects to Temporal and opens the sync store, for CLI commands. */
export async function openAdminContext(config: ServiceConfig): Promise<AdminContext & { close(): Promise<void> }> {
  const address = config.temporalAddress ?? DEV_SERVER_ADDRESS;
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 5000 });
  } catch (error) {
    throw new Error(
      `Could not reach Temporal at ${address} (${(error as Error).message}). Start it with "npm run demo" or set TEMPORAL_ADDRESS.`,
    );
  }
  const store = openStore(config);
  return {
    client: new Client({ connection, namespace: config.namespace, dataConverter: encryptedDataConverter(loadPayloadCodec(config)) }),
    store,
    taskQueue: config.taskQueue,
    async close() {
      store.close();
      await connection.close();
    },
  };
}
