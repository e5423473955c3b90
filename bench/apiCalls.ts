import type { HiBobRequestRecord, LearnAmpRequestRecord } from '../sandbox';
import { WRITE_KINDS } from '../sandbox/learnamp/models';

/** API calls one sync made, counted from the sandboxes' request logs. */
export interface ApiCalls {
  /** HiBob calls by kind: `index read`, `batch read`, `named lists`, or method and path. */
  hibob: Record<string, number>;
  hibobTotal: number;
  /** Learn Amp calls by the sandbox's request kind (`token`, `read`, `create`, `update`, ...). */
  learnamp: Record<string, number>;
  /** Learn Amp writes that succeeded. */
  learnampWrites: number;
  /** Learn Amp writes rejected with 429 because the account's write limit was reached. */
  learnampRejected: number;
}

/** Counts the calls of one HiBob company and one Learn Amp account among the given request records. */
export function countApiCalls(
  hibob: readonly HiBobRequestRecord[],
  learnamp: readonly LearnAmpRequestRecord[],
  tenant: { companyId: string; accountId: string },
): ApiCalls {
  const hibobCalls: Record<string, number> = {};
  for (const record of hibob.filter((r) => r.companyId === tenant.companyId)) increment(hibobCalls, hibobKind(record));
  const learnampCalls: Record<string, number> = {};
  const ownLearnamp = learnamp.filter((r) => r.accountId === tenant.accountId);
  for (const record of ownLearnamp) increment(learnampCalls, record.status === 429 ? `${record.kind} (429)` : record.kind);
  const writes = ownLearnamp.filter((r) => WRITE_KINDS.has(r.kind));
  return {
    hibob: hibobCalls,
    hibobTotal: Object.values(hibobCalls).reduce((sum, n) => sum + n, 0),
    learnamp: learnampCalls,
    learnampWrites: writes.filter((r) => r.status >= 200 && r.status < 300).length,
    learnampRejected: writes.filter((r) => r.status === 429).length,
  };
}

/**
 * Estimates how long a sync waited for HiBob's people/search quota, by replaying the sandbox's fixed
 * window (`perMinute` calls per `windowMs`, the window starting at the first call after the last one
 * ended) over every search of the company. A wait is counted when the window's quota was used up and the
 * next call, made at or after `from` (ms), started within `RESET_SLACK_MS` of the window's end: the HiBob
 * client delays a call until the reset time, which has whole-second precision.
 */
export function hibobQuotaWaits(
  hibob: readonly HiBobRequestRecord[],
  companyId: string,
  limit: { perMinute: number; windowMs: number },
  from: number,
): { waits: number; seconds: number } {
  const searches = hibob.filter((r) => r.companyId === companyId && r.path.endsWith('/people/search')).sort((a, b) => a.at - b.at);
  let windowStart = -Infinity;
  let used = 0;
  let waits = 0;
  let waitedMs = 0;
  let exhaustedAt: number | null = null;
  for (const search of searches) {
    if (search.at >= windowStart + limit.windowMs) {
      const windowEnd = windowStart + limit.windowMs;
      if (exhaustedAt !== null && search.at >= from && search.at - windowEnd <= RESET_SLACK_MS) {
        waits++;
        waitedMs += Math.max(0, windowEnd - exhaustedAt);
      }
      windowStart = search.at;
      used = 0;
      exhaustedAt = null;
    }
    used++;
    if (used === limit.perMinute) exhaustedAt = search.at;
  }
  return { waits, seconds: waitedMs / 1000 };
}

/** Time after a window's end within which the next call counts as having waited for it. */
const RESET_SLACK_MS = 2000;

function hibobKind(record: HiBobRequestRecord): string {
  if (record.path.endsWith('/people/search')) {
    return Array.isArray((record.body as { filters?: unknown } | undefined)?.filters) ? 'batch read' : 'index read';
  }
  if (record.path.includes('/company/named-lists')) return 'named lists';
  return `${record.method} ${record.path}`;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
