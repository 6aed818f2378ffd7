import { createSmsChannel, devMailboxEnabled, mailboxDir, smtpOptionsFromUrl } from './channel-adapters.js';

describe('channel configuration', () => {
  const identity = { from: { name: 'Concerto', address: 'no-reply@concerto.test' }, messageIdDomain: 'concerto.test' };

  it('should read SMTP_URL with credentials, TLS options and default ports', () => {
    expect(smtpOptionsFromUrl('smtp://user%40x:p%3Ass@mail.example.org:2525?requireTls=true', identity)).toMatchObject({
      host: 'mail.example.org',
      port: 2525,
      secure: false,
      requireTls: true,
      auth: { user: 'user@x', pass: 'p:ss' },
    });
    expect(smtpOptionsFromUrl('smtps://mail.example.org', identity)).toMatchObject({ port: 465, secure: true });
    expect(smtpOptionsFromUrl('smtp://127.0.0.1', identity)).toMatchObject({ port: 587, requireTls: false });
    expect(smtpOptionsFromUrl('smtp://127.0.0.1', identity).auth).toBeUndefined();
    expect(() => smtpOptionsFromUrl('REPLACE_ME_smtp://host', identity)).toThrow(/SMTP_URL/);
    expect(() => smtpOptionsFromUrl('http://host', identity)).toThrow(/SMTP_URL/);
  });

  it('should serve the development mailbox only when asked for and without SMTP', () => {
    expect(devMailboxEnabled({ DEV_MAILBOX: true })).toBe(true);
    expect(devMailboxEnabled({ DEV_MAILBOX: true, SMTP_URL: 'smtp://x' })).toBe(false);
    expect(devMailboxEnabled({ DEV_MAILBOX: false })).toBe(false);
    expect(mailboxDir({ DATA_DIR: '/d' })).toBe('/d/mailbox');
    expect(mailboxDir({ DATA_DIR: '/d', MAILBOX_DIR: '/m' })).toBe('/m');
  });

  it('should refuse SMS_PROVIDER=twilio without its settings', () => {
    expect(() => createSmsChannel({ SMS_PROVIDER: 'twilio', DATA_DIR: '/tmp' } as never, () => new Date())).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
    const twilio = createSmsChannel(
      {
        SMS_PROVIDER: 'twilio',
        DATA_DIR: '/tmp',
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'x'.repeat(32),
        TWILIO_FROM: 'Concerto',
        PUBLIC_BASE_URL: 'https://concerto.test',
      } as never,
      () => new Date(),
    );
    expect(twilio.devSink).toBeUndefined();
    expect(
      createSmsChannel({ SMS_PROVIDER: 'dev-sink', DATA_DIR: '/tmp/x' } as never, () => new Date()).devSink,
    ).toBeDefined();
  });
});
