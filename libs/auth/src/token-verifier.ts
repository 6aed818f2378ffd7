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
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.message : 'invalid token');
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

function readPath(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (acc, key) => (acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[key] : undefined),
      obj,
    );
}
