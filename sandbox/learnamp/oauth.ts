import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LearnAmpAccount } from './account';
import type { LearnAmpSandbox } from './sandbox';

type OAuthErrorCode = 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account a request acts for, once its token or client credentials are known. */
    learnampAccount: LearnAmpAccount | null;
  }
}

/** Registers `POST /oauth/token`: the OAuth2 client credentials grant, form-encoded or JSON. */
export function registerTokenRoute(app: FastifyInstance, sandbox: LearnAmpSandbox): void {
  app.post('/oauth/token', { config: { kind: 'token' } }, async (request, reply) => {
    const params = (request.body ?? {}) as Record<string, unknown>;
    const credentials = clientCredentials(request, params);
    const account = credentials ? sandbox.findByClientId(credentials.clientId) : undefined;
    if (!credentials || !account || !account.checkSecret(credentials.clientSecret)) {
      return sendOAuthError(
        reply,
        401,
        'invalid_client',
        'Client authentication failed: unknown client or wrong secret.',
      );
    }
    request.learnampAccount = account;
    if (params.grant_type !== 'client_credentials') {
      return sendOAuthError(reply, 400, 'unsupported_grant_type', 'grant_type must be client_credentials.');
    }

    const requested = typeof params.scope === 'string' ? params.scope.split(' ').filter((s) => s !== '') : [];
    if (requested.length === 0 && account.granularScopes) {
      // Without a scope the request falls back to `public`, which granular credentials are not granted.
      return sendOAuthError(
        reply,
        400,
        'invalid_scope',
        'These credentials have granular scopes, so the token request must name them in scope.',
      );
    }
    const notGranted = requested.filter((scope) => !account.scopes.includes(scope));
    if (notGranted.length > 0) {
      return sendOAuthError(reply, 400, 'invalid_scope', `Scopes not granted to this client: ${notGranted.join(' ')}.`);
    }

    const scopes = requested.length > 0 ? requested : [...account.scopes];
    const now = Date.now();
    const token = account.issueToken(scopes, sandbox.tokenTtlSeconds, now);
    return {
      access_token: token.token,
      token_type: 'Bearer',
      expires_in: sandbox.tokenTtlSeconds,
      scope: scopes.join(' '),
      created_at: Math.floor(now / 1000),
    };
  });
}

/** Reads client credentials from the body, or from HTTP Basic auth as RFC 6749 also allows. */
function clientCredentials(
  request: FastifyRequest,
  params: Record<string, unknown>,
): { clientId: string; clientSecret: string } | undefined {
  if (typeof params.client_id === 'string' && typeof params.client_secret === 'string') {
    return { clientId: params.client_id, clientSecret: params.client_secret };
  }
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) {
    return undefined;
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) {
    return undefined;
  }
  return { clientId: decoded.slice(0, separator), clientSecret: decoded.slice(separator + 1) };
}

function sendOAuthError(reply: FastifyReply, status: number, error: OAuthErrorCode, description: string) {
  return reply.code(status).send({ error, error_description: description });
}
