import type { FastifyRequest } from 'fastify';
import type { LearnAmpAccount } from './account';
import { ApiError, notFound } from './errors';
import type { RequestKind } from './models';
import type { Params } from './params';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Kind of the route's requests, recorded with each request. */
    kind?: RequestKind;
    /** OAuth scope the access token must carry; routes without one need no token. */
    scope?: string;
  }
}

/** Route options that declare the request kind and the OAuth scope a route needs. */
export function route(kind: RequestKind, scope: string): { config: { kind: RequestKind; scope: string } } {
  return { config: { kind, scope } };
}

/** Returns the account the access token belongs to. @throws when the auth hook did not run */
export function requireAccount(request: FastifyRequest): LearnAmpAccount {
  if (!request.learnampAccount) {
    throw new Error('Route reached without an authenticated Learn Amp account');
  }
  return request.learnampAccount;
}

/** Parses a numeric id from the path. Anything else is a 404. */
export function parseId(raw: string): number {
  if (!/^\d+$/.test(raw)) {
    throw notFound();
  }
  return Number(raw);
}

/** Returns the origin clients used to reach this server, for absolute URLs in responses. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Returns the form or JSON body as parameters; an empty body is no parameters. */
export function bodyParams(request: FastifyRequest): Params {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, { error: 'The request body must be form fields or a JSON object' });
  }
  return body as Params;
}
