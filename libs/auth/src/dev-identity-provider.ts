import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';

export interface DemoUser {
  id: string;
  displayName: string;
  roles: string[];
  bassins?: string[];
  organisationId?: string;
}

const KEY_FILE = 'dev-signing-key.jwk.json';

/**
 * Development identity provider for the embedded mode: an ES256 key pair kept in the data
 * directory signs tokens for the demo users. Production verifies against a real OIDC issuer.
 */
export class DevIdentityProvider {
  private constructor(
    private readonly privateJwk: JWK,
    readonly publicJwk: JWK,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  static async load(keysDir: string, issuer: string, audience: string): Promise<DevIdentityProvider> {
    const file = join(keysDir, KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(keysDir, { recursive: true });
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = await exportJWK(privateKey);
      jwk.kid = `dev-${Date.now().toString(36)}`;
      jwk.alg = 'ES256';
      writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
    }
    const privateJwk = JSON.parse(readFileSync(file, 'utf8')) as JWK;
    const { d: _d, ...publicJwk } = privateJwk;
    return new DevIdentityProvider(privateJwk, publicJwk, issuer, audience);
  }

  async issue(user: DemoUser, ttlSeconds = 8 * 3600): Promise<string> {
    const key = await importJWK(this.privateJwk, 'ES256');
    return new SignJWT({
      roles: user.roles,
      bassins: user.bassins ?? [],
      org: user.organisationId,
      name: user.displayName,
    })
      .setProtectedHeader({ alg: 'ES256', kid: this.privateJwk.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key);
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }
}
