import { randomUUID } from 'node:crypto';
import { loadConfig } from '#concerto/config';
import { ReplyAddresses } from './reply-addresses.js';

const config = (over: Record<string, string> = {}) =>
  loadConfig({
    DATA_DIR: '/tmp/unused',
    RSVP_LINK_SECRET: 'a-test-secret-that-is-long-enough-32b!',
    MAIL_FROM_ADDRESS: 'no-reply@Concerto.Test',
    INBOUND_SMTP_PORT: '2525',
    ...over,
  });

describe('reply addresses', () => {
  const addresses = new ReplyAddresses(config());

  it('should give each invitation a stable, opaque address that leads back to it, whatever the case', () => {
    const id = randomUUID();
    const address = addresses.addressFor(id)!;
    expect(address).toMatch(/^reply\+[a-z2-7]{26}@concerto\.test$/);
    expect(address).not.toContain(id.slice(0, 8));
    expect(addresses.addressFor(id)).toBe(address);
    expect(addresses.invitationOf(address)).toBe(id);
    expect(addresses.invitationOf(address.toUpperCase())).toBe(id);
    expect(addresses.addressFor(randomUUID())).not.toBe(address);
  });

  it('should refuse other domains, other shapes and another key', () => {
    const id = randomUUID();
    const address = addresses.addressFor(id)!;
    expect(addresses.invitationOf(address.replace('@concerto.test', '@evil.test'))).toBeUndefined();
    expect(addresses.invitationOf(address.replace('reply+', 'reply-'))).toBeUndefined();
    expect(addresses.invitationOf('reply+abc@concerto.test')).toBeUndefined();
    expect(addresses.invitationOf('no-reply@concerto.test')).toBeUndefined();
    expect(addresses.invitationOf('x'.repeat(300))).toBeUndefined();
    const other = new ReplyAddresses(config({ RSVP_LINK_SECRET: 'another-secret-that-is-long-enough-32b' }));
    expect(other.invitationOf(address)).not.toBe(id);
  });

  it('should be off, with no address, when the inbound listener is off', () => {
    const off = new ReplyAddresses(config({ INBOUND_SMTP_PORT: '0' }));
    expect(off.enabled).toBe(false);
    expect(off.addressFor(randomUUID())).toBeUndefined();
  });

  it('should use INBOUND_REPLY_DOMAIN when set', () => {
    const custom = new ReplyAddresses(config({ INBOUND_REPLY_DOMAIN: 'answers.concerto.test' }));
    expect(custom.addressFor(randomUUID())).toMatch(/@answers\.concerto\.test$/);
  });
});
