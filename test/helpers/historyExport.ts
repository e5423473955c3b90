import type { Client } from '@temporalio/client';
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** One workflow run's history, as stored by the server. */
export interface ExportedHistory {
  workflowId: string;
  runId: string;
  history: temporal.api.history.v1.IHistory;
  /** The history in protobuf wire form: every byte the server keeps for it. */
  bytes: Buffer;
}

/** Fetches the history of every workflow run in the client's namespace. */
export async function exportAllHistories(client: Client): Promise<ExportedHistory[]> {
  const exported: ExportedHistory[] = [];
  for await (const execution of client.workflow.list()) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    exported.push({ workflowId: execution.workflowId, runId: execution.runId, history, bytes });
  }
  return exported;
}

/**
 * Collects every payload in a history, with the path where it sits. Search attributes are left out:
 * the server indexes them, so no codec touches them, and they carry only tenant ids and states.
 */
export function collectPayloads(value: unknown, path = ''): { path: string; payload: Payload }[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  if (isPayload(value)) return [{ path, payload: value }];
  const found: { path: string; payload: Payload }[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === 'searchAttributes') continue;
    found.push(...collectPayloads(child, path ? `${path}.${key}` : key));
  }
  return found;
}

function isPayload(value: object): value is Payload {
  const metadata = (value as { metadata?: unknown }).metadata;
  return typeof metadata === 'object' && metadata !== null && METADATA_ENCODING_KEY in metadata;
}

/** Returns the `encoding` metadata of a payload as text. */
export function encodingOf(payload: Payload): string {
  return Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? new Uint8Array()).toString('utf8');
}

/** Returns the entries of `needles` that occur in `haystack`, so a failed assertion names what leaked. */
export function findLeaks(haystack: Buffer | string, needles: Iterable<string>): string[] {
  const buffer = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return [...new Set(needles)].filter((needle) => needle.length > 0 && buffer.includes(needle));
}
