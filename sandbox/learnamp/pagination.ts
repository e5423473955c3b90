import type { FastifyReply } from 'fastify';
import { FieldErrors } from './errors';
import { readInteger, type Params } from './params';

/** Learn Amp's page size when `perPage` is not sent. */
export const DEFAULT_PER_PAGE = 10;

/**
 * Returns one page of `items` (already in a stable order) and sets the Total, Per-Page and
 * Total-Pages headers. `perPage` above `maxPerPage` is cut to it, and page or perPage below 1 is rejected.
 */
export function paginate<T>(items: readonly T[], query: Params, maxPerPage: number, reply: FastifyReply): T[] {
  const errors = new FieldErrors();
  const page = readInteger(query, 'page', errors) ?? 1;
  const requestedPerPage = readInteger(query, 'perPage', errors) ?? DEFAULT_PER_PAGE;
  if (page < 1) errors.add('page', 'is invalid');
  if (requestedPerPage < 1) errors.add('perPage', 'is invalid');
  errors.throwIfAny();

  const perPage = Math.min(requestedPerPage, maxPerPage);
  void reply.headers({
    Total: items.length,
    'Per-Page': perPage,
    'Total-Pages': Math.ceil(items.length / perPage),
  });
  return items.slice((page - 1) * perPage, page * perPage);
}
