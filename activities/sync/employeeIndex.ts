/** One row of the employee index: what the first HiBob read returns for each visible employee. */
export interface IndexRow {
  employeeId: string;
  email: string | null;
  lifecycleStatus: string | null;
  managerId: string | null;
}

export interface IndexedEmployee extends IndexRow {
  batch: number;
  /** Depth below the top of the visible reporting line; 0 for the CEO and for anyone whose manager is invisible. */
  wave: number;
}

/**
 * Orders employees by depth in the reporting line and cuts them into batches, so managers are written
 * before their reports and each batch is one HiBob read. Deterministic for the same rows.
 */
export function buildEmployeeIndex(rows: readonly IndexRow[], batchSize: number): IndexedEmployee[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const managerOf = new Map(rows.map((row) => [row.employeeId, row.managerId]));
  const depthCache = new Map<string, number>();

  const depthOf = (employeeId: string): number => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let current: string | null | undefined = employeeId;
    // Walk up until a known depth, the top, an invisible manager or a cycle in bad data.
    while (current && !depthCache.has(current) && managerOf.has(current) && !onPath.has(current)) {
      path.push(current);
      onPath.add(current);
      current = managerOf.get(current);
    }
    let depth = current && depthCache.has(current) ? depthCache.get(current)! : -1;
    for (const id of path.reverse()) depthCache.set(id, ++depth);
    return depthCache.get(employeeId)!;
  };

  const sorted = rows
    .map((row) => ({ ...row, wave: depthOf(row.employeeId) }))
    .sort((a, b) => a.wave - b.wave || compareIds(a.employeeId, b.employeeId));
  return sorted.map((row, position) => ({ ...row, batch: Math.floor(position / batchSize) }));
}

function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
