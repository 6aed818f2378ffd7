/**
 * CloudEvents 1.0 structured JSON envelope used by every integration event.
 * Extension attributes (lower-case, per the CloudEvents naming rule) carry the
 * correlation and causation ids and the payload's major version.
 */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: TType;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  eventversion: number;
  correlationid: string;
  causationid?: string;
  data: TData;
}

export const envelopeSchema = {
  $id: 'https://concerto.brussels/schemas/envelope/v1.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'specversion',
    'id',
    'source',
    'type',
    'subject',
    'time',
    'datacontenttype',
    'dataschema',
    'eventversion',
    'correlationid',
    'data',
  ],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', format: 'uuid' },
    source: { type: 'string', pattern: '^/concerto/[a-z-]+$' },
    type: { type: 'string', pattern: '^[a-z]+(\\.[a-z-]+)+$' },
    subject: { type: 'string', minLength: 1 },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    dataschema: { type: 'string', format: 'uri' },
    eventversion: { type: 'integer', minimum: 1 },
    correlationid: { type: 'string', minLength: 1, maxLength: 128 },
    causationid: { type: 'string', minLength: 1, maxLength: 128 },
    data: { type: 'object' },
  },
} as const;
