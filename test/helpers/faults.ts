import type { HiBobRequestRecord, HiBobSandbox, LearnAmpRequestRecord, LearnAmpSandbox } from '../../sandbox';

/**
 * Runs `action` once, right after the `count`-th recorded request that matches `matches`, so a test can
 * inject faults in the middle of a sync. Returns a function that stops waiting.
 */
export function afterRequests(sandbox: HiBobSandbox, matches: (record: HiBobRequestRecord) => boolean, count: number, action: () => void): () => void;
export function afterRequests(sandbox: LearnAmpSandbox, matches: (record: LearnAmpRequestRecord) => boolean, count: number, action: () => void): () => void;
export function afterRequests(
  sandbox: HiBobSandbox | LearnAmpSandbox,
  matches: (record: never) => boolean,
  count: number,
  action: () => void,
): () => void {
  // Both sandboxes emit 'request' with their own record type; the overloads keep each pairing typed.
  const emitter = sandbox as unknown as RequestEmitter;
  const test = matches as (record: unknown) => boolean;
  let seen = 0;
  const listener = (record: unknown) => {
    if (!test(record) || ++seen < count) return;
    emitter.off('request', listener);
    action();
  };
  emitter.on('request', listener);
  return () => emitter.off('request', listener);
}

interface RequestEmitter {
  on(event: 'request', listener: (record: unknown) => void): unknown;
  off(event: 'request', listener: (record: unknown) => void): unknown;
}

/** True for a HiBob people search filtered by id: one batch of a full sync. */
export function isBatchRead(record: HiBobRequestRecord): boolean {
  return record.path === '/v1/people/search' && Array.isArray((record.body as { filters?: unknown } | undefined)?.filters);
}
