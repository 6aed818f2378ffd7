import { ConfigError, loadConfig } from './concerto.config.js';

describe('PUBLIC_BASE_URL and browser sign-in settings', () => {
  it("should default PUBLIC_BASE_URL to the engine's own port", () => {
    expect(loadConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '4300' }).PUBLIC_BASE_URL).toBe('http://localhost:4300');
  });

  it('should keep an explicit PUBLIC_BASE_URL, without its trailing slash', () => {
    expect(loadConfig({ PORT: '4300', PUBLIC_BASE_URL: 'https://concerto.example.be/' }).PUBLIC_BASE_URL).toBe(
      'https://concerto.example.be',
    );
  });

  it('should refuse an OIDC issuer without a client id', () => {
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://idp.example.be' })).toThrow(ConfigError);
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://idp.example.be' })).toThrow(/OIDC_CLIENT_ID/);
    expect(loadConfig({ OIDC_ISSUER_URL: 'https://idp.example.be', OIDC_CLIENT_ID: 'concerto' }).OIDC_SCOPES).toBe(
      'openid profile',
    );
  });

  it('should refuse scopes without openid', () => {
    expect(() => loadConfig({ OIDC_SCOPES: 'profile email' })).toThrow(/OIDC_SCOPES/);
  });
});
