/**
 * The CloudEvents Kafka protocol binding (1.0), structured content mode: the record value is the
 * whole event in the JSON event format (the envelope, see #concerto/contracts), so the record says
 * so in its `content-type` header (binding §3.3.1). Binary mode would instead put only `data` in the
 * value and every attribute in a `ce_` header; Concerto does not use it.
 *
 * `ce-id` is Concerto's own header, not a binding attribute: consumers and the dead-letter tools read
 * the event id from it without parsing the value.
 */
export const CLOUDEVENTS_STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/** The headers of a record that carries one event in structured mode. */
export function structuredEventHeaders(
  eventId: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { 'content-type': CLOUDEVENTS_STRUCTURED_CONTENT_TYPE, ...(eventId ? { 'ce-id': eventId } : {}), ...extra };
}
