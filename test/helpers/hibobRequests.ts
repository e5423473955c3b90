import type { HiBobRequestRecord } from '../../sandbox';

/** Returns true for a people search filtered by `root.id`: the read of one batch, not the employee index. */
export function isBatchRead(record: HiBobRequestRecord): boolean {
  return record.path === '/v1/people/search' && Array.isArray((record.body as { filters?: unknown })?.filters);
}
