import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Size figures of one workflow run's history. */
export interface RunHistoryStats {
  workflowId: string;
  runId: string;
  events: number;
  /** Bytes of all payloads in the run's largest event (data plus metadata, as stored, so encrypted). */
  maxEventPayloadBytes: number;
  /** Type of that event, e.g. `EVENT_TYPE_ACTIVITY_TASK_SCHEDULED`. */
  maxEventPayloadType: string | null;
}

/**
 * Fetches the history of every run of `workflowId` (following continue-as-new back to the first run) and,
 * unless `followChildren` is false, of every child workflow they started, and measures each run.
 * Temporal rejects payloads over 2 MB and terminates runs past about 51,200 events, so these figures show
 * how close a sync comes to either.
 */
export async function collectHistoryStats(
  client: Client,
  workflowId: string,
  options: { followChildren?: boolean } = {},
): Promise<RunHistoryStats[]> {
  const stats: RunHistoryStats[] = [];
  const seenWorkflows = new Set<string>();
  const pending = [workflowId];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seenWorkflows.has(id)) continue;
    seenWorkflows.add(id);
    let runId: string | undefined;
    do {
      const handle = client.workflow.getHandle(id, runId);
      const history = await handle.fetchHistory();
      const events = history.events ?? [];
      const started = events[0]?.workflowExecutionStartedEventAttributes;
      stats.push({ workflowId: id, runId: runId ?? (await handle.describe()).runId, events: events.length, ...largestPayload(events) });
      for (const event of options.followChildren === false ? [] : events) {
        const childId = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
        if (childId) pending.push(childId);
      }
      runId = started?.continuedExecutionRunId || undefined;
    } while (runId);
  }
  return stats;
}

/** Reduces run figures to the number of runs, the most events in one run and the largest event payload. */
export function summarizeHistoryStats(stats: readonly RunHistoryStats[]): { runs: number; maxEvents: number; maxEventPayloadBytes: number } {
  return {
    runs: stats.length,
    maxEvents: Math.max(0, ...stats.map((run) => run.events)),
    maxEventPayloadBytes: Math.max(0, ...stats.map((run) => run.maxEventPayloadBytes)),
  };
}

function largestPayload(events: readonly HistoryEvent[]): Pick<RunHistoryStats, 'maxEventPayloadBytes' | 'maxEventPayloadType'> {
  let maxEventPayloadBytes = 0;
  let maxEventPayloadType: string | null = null;
  for (const event of events) {
    const bytes = payloadBytes(event);
    if (bytes > maxEventPayloadBytes) {
      maxEventPayloadBytes = bytes;
      maxEventPayloadType = temporal.api.enums.v1.EventType[event.eventType ?? 0] ?? null;
    }
  }
  return { maxEventPayloadBytes, maxEventPayloadType };
}

/** Adds up every payload (an object with `data` bytes and a `metadata` map) anywhere in `value`. */
function payloadBytes(value: unknown): number {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return 0;
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object') {
    let size = record.data.byteLength;
    for (const [key, entry] of Object.entries(record.metadata as Record<string, Uint8Array>)) size += key.length + (entry?.byteLength ?? 0);
    return size;
  }
  let total = 0;
  for (const child of Object.values(record)) total += payloadBytes(child);
  return total;
}
