import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio signs each webhook request: base64(HMAC-SHA1(auth token, full URL + every POST
 * parameter's name and value, sorted by name)) in the X-Twilio-Signature header.
 * See https://www.twilio.com/docs/usage/security#validating-requests
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (!signature) {
    return false;
  }
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Where Twilio posts delivery reports: the public edge, so the signature covers the URL Twilio called. */
export function twilioStatusCallbackUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/delivery-reports/twilio`;
}
