import { ConfigError, loadConfig } from './concerto.config.js';

describe('development mailbox switch (DEV_MAILBOX)', () => {
  it('should be off unless asked for', () => {
    expect(loadConfig({}).DEV_MAILBOX).toBe(false);
    expect(loadConfig({ DEV_MAILBOX: '' }).DEV_MAILBOX).toBe(false);
    expect(loadConfig({ DEV_MAILBOX: 'true' }).DEV_MAILBOX).toBe(true);
    expect(() => loadConfig({ DEV_MAILBOX: 'on' })).toThrow(/DEV_MAILBOX/);
  });

  it('should be refused with NODE_ENV=production, like the development clock', () => {
    expect(() => loadConfig({ DEV_MAILBOX: 'true', NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ DEV_MAILBOX: 'true', NODE_ENV: 'production' })).toThrow(/DEV_MAILBOX/);
    expect(
      loadConfig({ DEV_MAILBOX: 'false', NODE_ENV: 'production', MOBILE_CRISIS_TEAM_PHONE: '+32 2 555 00 00' })
        .DEV_MAILBOX,
    ).toBe(false);
  });
});
