import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { startTestEngine, type TestEngine } from '#concerto/testing';

type SigningKey = Parameters<SignJWT['sign']>[0];

/**
 * Quality bar §7c-1 and -2, the forgeries `security.e2e-spec.ts` does not already try (it covers alg
 * none, HS256 keyed with the public key, a foreign key under the known kid, an incomplete embedded
 * jwk, expired, nbf in the future, wrong iss and wrong aud): an unknown kid, key-location headers
 * (jku, x5u, a complete attacker jwk), and an OpenID Connect ID token presented as an access token.
 */
describe('attacks: token forgeries (embedded)', () => {
  let t: TestEngine;
  let realKey: SigningKey;
  let realKid: string;
  let attacker: { privateKey: SigningKey; publicJwk: JWK };

  beforeAll(async () => {
    t = await startTestEngine();
    const idp = t.engine.identityProvider as unknown as { privateJwk: JWK; publicJwk: JWK };
    realKey = await importJWK(idp.privateJwk, 'ES256');
    realKid = String(idp.publicJwk.kid);
    const pair = await generateKeyPair('ES256', { extractable: true });
    attacker = { privateKey: pair.privateKey, publicJwk: await exportJWK(pair.publicKey) };
  });
  afterAll(() => t?.close());

  const claims = (over: Record<string, unknown> = {}) => ({
    roles: ['coordinator'],
    bassins: ['nord'],
    iss: t.engine.config.AUTH_ISSUER,
    aud: t.engine.config.AUTH_AUDIENCE,
    sub: 'coord-nord',
    ...over,
  });
  const sign = (key: SigningKey, header: Record<string, unknown>, over: Record<string, unknown> = {}) =>
    new SignJWT(claims(over))
      .setProtectedHeader({ alg: 'ES256', ...header })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
  const status = async (token: string) =>
    (await t.http().get('/v1/cases/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${token}`))
      .status;

  it('should accept the control: an access token of the real key for a real coordinator', async () => {
    // 404: authenticated and authorised to ask; the case does not exist.
    expect(await status(await sign(realKey, { kid: realKid, typ: 'at+jwt' }))).toBe(404);
    // Issuers that put no typ in the header (many do) are still accepted.
    expect(await status(await sign(realKey, { kid: realKid }))).toBe(404);
  });

  it('should refuse a token whose kid names no key, and key-location headers pointing elsewhere, with 401', async () => {
    const attempts: Array<[string, string]> = [
      ['unknown kid', await sign(attacker.privateKey, { kid: 'attacker-key-1' })],
      ['no kid at all, foreign key', await sign(attacker.privateKey, {})],
      [
        'jku pointing to the attacker',
        await sign(attacker.privateKey, { kid: 'attacker-key-1', jku: 'https://evil.example/jwks.json' }),
      ],
      [
        'jku with the real kid',
        await sign(attacker.privateKey, { kid: realKid, jku: 'https://evil.example/jwks.json' }),
      ],
      [
        'x5u pointing to the attacker',
        await sign(attacker.privateKey, { kid: realKid, x5u: 'https://evil.example/c' }),
      ],
      [
        "the attacker's complete public key embedded as jwk",
        await sign(attacker.privateKey, { kid: realKid, jwk: attacker.publicJwk }),
      ],
    ];
    for (const [label, token] of attempts) {
      const res = await t.http().get('/v1/bassins').set('Authorization', `Bearer ${token}`);
      expect([label, res.status]).toEqual([label, 401]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('should refuse an OpenID Connect ID token presented as an access token, with 401', async () => {
    const attempts: Array<[string, string]> = [
      ['typ id_token claim', await sign(realKey, { kid: realKid, typ: 'JWT' }, { typ: 'ID' })],
      [
        'nonce and at_hash',
        await sign(realKey, { kid: realKid }, { nonce: 'n-0S6_WzA2Mj', at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }),
      ],
      ['c_hash', await sign(realKey, { kid: realKid }, { c_hash: 'LDktKdoQak3Pk0cnXxCltA' })],
      ['header typ id_token+jwt', await sign(realKey, { kid: realKid, typ: 'id_token+jwt' })],
    ];
    for (const [label, token] of attempts) {
      expect([label, await status(token)]).toEqual([label, 401]);
    }
  });
});
