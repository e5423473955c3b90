import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { AddressInfo } from 'node:net';
import type { AdminContext } from '../../client/adminActions';
import { buildApiServer, type ApiServer } from '../../api/server';

/** A running API server on a free loopback port. */
export interface TestApi extends ApiServer {
  url: string;
  close(): Promise<void>;
}

export const TEST_API_KEY = 'test-api-key-0123456789abcdefghijklmnopqrstuvwxyz';

/** Starts the API on 127.0.0.1 with one API key and the given webhook flush interval. */
export async function startTestApi(context: AdminContext, webhookFlushIntervalMs = 1000): Promise<TestApi> {
  const server = await buildApiServer({ context, apiKeys: [TEST_API_KEY], webhookFlushIntervalMs, logger: false });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.app.server.address() as AddressInfo;
  return { ...server, url: `http://127.0.0.1:${port}`, close: () => server.app.close() };
}

/** One signal sent through {@link recordingClient}. */
export interface RecordedSignal {
  workflowId: string;
  signal: string;
  arg: unknown;
}

/**
 * Creates a stand-in for the Temporal client that records signals instead of sending them, for tests of
 * the API alone. Workflow ids in `missing` behave like workflows that do not exist.
 */
export function recordingClient(signals: RecordedSignal[], missing: ReadonlySet<string> = new Set()): Client {
  const getHandle = (workflowId: string) => ({
    signal: async (definition: string | { name: string }, arg?: unknown) => {
      if (missing.has(workflowId)) throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
      signals.push({ workflowId, signal: typeof definition === 'string' ? definition : definition.name, arg });
    },
  });
  return { workflow: { getHandle } } as unknown as Client;
}
