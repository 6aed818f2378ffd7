import { DeliveryError, type OutboundSms, type SmsSender, type SmsSendResult } from '../domain/ports.js';

/**
 * Text messages through Twilio's Programmable Messaging REST API:
 *   POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json
 *   Authorization: Basic base64(AccountSid:AuthToken)   (or an API key SID and secret)
 *   Content-Type: application/x-www-form-urlencoded
 *   To=+32470…&From=+32…|MessagingServiceSid=MG…&Body=…[&StatusCallback=https://…]
 * → 201 {"sid":"SM…","status":"queued",…}; errors → {"code":21211,"message":…,"status":400}.
 * See https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
 *
 * Selected by configuration in the distributed mode; the embedded mode uses DevSmsSink.
 * Nothing here logs or rethrows the phone number or the text: provider error messages often
 * quote the number, so only the numeric code is kept. Twilio offers no request idempotency
 * key; the caller's outbox must record the returned sid before retrying.
 */
export interface TwilioSmsOptions {
  accountSid: string;
  /** Auth token, or use apiKeySid + apiKeySecret. */
  authToken?: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  /** Sender: a number or alphanumeric id (e.g. "Concerto") where allowed, or a messaging service. */
  from?: string;
  messagingServiceSid?: string;
  /** Delivery reports are posted here. */
  statusCallbackUrl?: string;
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Twilio error codes that will not change on retry (invalid, unreachable or opted-out number, refused content). */
const PERMANENT_TWILIO_CODES = new Set([21211, 21408, 21610, 21612, 21614, 21617]);

export class TwilioSmsSender implements SmsSender {
  private readonly endpoint: string;
  private readonly authorization: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: TwilioSmsOptions) {
    if (!/^AC[0-9a-fA-F]{32}$/.test(options.accountSid)) {
      throw new Error('Twilio account SID must look like AC followed by 32 hexadecimal characters');
    }
    const user = options.apiKeySid ?? options.accountSid;
    const pass = options.apiKeySid ? options.apiKeySecret : options.authToken;
    if (!pass) {
      throw new Error('Twilio credentials are missing (auth token, or API key SID and secret)');
    }
    if (!options.from && !options.messagingServiceSid) {
      throw new Error('Twilio needs a sender: from or messagingServiceSid');
    }
    const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.endpoint = `${base}/2010-04-01/Accounts/${options.accountSid}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    this.fetchFn = options.fetch ?? fetch;
  }

  async send(message: OutboundSms): Promise<SmsSendResult> {
    if (!E164.test(message.to)) {
      throw new DeliveryError('Phone number is not in E.164 form', 'sms', true, 'INVALID_NUMBER');
    }
    const form = new URLSearchParams({ To: message.to, Body: message.text });
    if (this.options.messagingServiceSid) {
      form.set('MessagingServiceSid', this.options.messagingServiceSid);
    } else if (this.options.from) {
      form.set('From', this.options.from);
    }
    if (this.options.statusCallbackUrl) {
      form.set('StatusCallback', this.options.statusCallbackUrl);
    }
    let response: Response;
    try {
      response = await this.fetchFn(this.endpoint, {
        method: 'POST',
        headers: {
          Authorization: this.authorization,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10000),
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new DeliveryError(
        `SMS provider unreachable (${name})`,
        'sms',
        false,
        name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK',
      );
    }
    const body = (await response.json().catch(() => ({}))) as { sid?: unknown; code?: unknown };
    if (response.status === 200 || response.status === 201) {
      if (typeof body.sid !== 'string') {
        throw new DeliveryError('SMS provider answered without a message id', 'sms', false, response.status);
      }
      return { providerMessageId: body.sid, duplicate: false };
    }
    const code = typeof body.code === 'number' ? body.code : response.status;
    const permanent =
      PERMANENT_TWILIO_CODES.has(code) ||
      (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408);
    throw new DeliveryError(
      `SMS provider refused the message (HTTP ${response.status}, code ${code})`,
      'sms',
      permanent,
      code,
    );
  }
}
