import { createLocalJWKSet, createRemoteJWKSet, type JWTPayload, jwtVerify, type JWK } from 'jose';
import { ALL_ROLES, type Principal, Role } from './principal.js';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  rolesClaim: string;
  jwksUrl?: string;
  localJwks?: { keys: JWK[] };
}

export class InvalidTokenError extends Error {}

// Asymmetric algorithms only: `none` and HMAC (which could be signed with a public key) are refused.
const ALGORITHMS = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'];
const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9._:|@-]{0,63}$/;
// An OpenID Connect ID token proves a login to a client; it is no access token, even when the issuer
// signed it with the same key for the same audience. Issuers mark it in different ways: a typ claim
// (`ID`, Keycloak), an `id_token+jwt`-like header typ, or the login-binding claims only ID tokens carry.
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash', 's_hash'];

/** Verifies OIDC-style bearer access tokens and turns their claims into a Principal. */
export class TokenVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet> | ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly opts: TokenVerifierOptions) {
    if (opts.jwksUrl) {
      this.keys = createRemoteJWKSet(new URL(opts.jwksUrl));
    } else if (opts.localJwks) {
      this.keys = createLocalJWKSet(opts.localJwks);
    } else {
      throw new Error('TokenVerifier needs a JWKS URL or local keys');
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    let header: { typ?: string };
    try {
      ({ payload, protectedHeader: header } = await jwtVerify(token, this.keys, {
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
    }
    if (isIdToken(header, payload)) {
      throw new InvalidTokenError('an ID token is not an access token');
    }
    // The subject becomes an actor id in events and audit rows, which have a bounded format.
    if (typeof payload.sub !== 'string' || !ACTOR_ID.test(payload.sub)) {
      throw new InvalidTokenError('unsupported subject format');
    }
    const roles = readPath(payload, this.opts.rolesClaim);
    const bassins = payload.bassins;
    return {
      userId: String(payload.sub),
      roles: Array.isArray(roles) ? roles.filter((r): r is Role => ALL_ROLES.includes(r as Role)) : [],
      bassins: Array.isArray(bassins) ? bassins.filter((b): b is string => typeof b === 'string') : [],
      organisationId: typeof payload.org === 'string' ? payload.org : undefined,
    };
  }
}

function isIdToken(header: { typ?: string }, payload: JWTPayload): boolean {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : '';
  return (
    typ.startsWith('id') ||
    (typeof payload.typ === 'string' && payload.typ.toLowerCase() === 'id') ||
    ID_TOKEN_CLAIMS.some((claim) => claim in payload)
  );
}

function readPath(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (acc, key) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[key] : undefined),
      obj,
    );
}
