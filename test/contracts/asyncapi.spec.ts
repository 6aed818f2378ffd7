import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deadLetterTopic, envelopeSchema, EVENT_CATALOG, TOPIC_SPECS } from '#concerto/contracts';

type Json = Record<string, unknown>;

const DOC_PATH = new URL('../../docs/asyncapi.yaml', import.meta.url);

/** Resolves local `$ref`s ('#/a/b') recursively so the document can be compared with the code. */
function deref(doc: Json, node: unknown, depth = 0): unknown {
  if (depth > 32) {
    throw new Error('$ref chain too deep');
  }
  if (Array.isArray(node)) {
    return node.map((n) => deref(doc, n, depth + 1));
  }
  if (node && typeof node === 'object') {
    const ref = (node as Json).$ref;
    if (typeof ref === 'string') {
      return deref(doc, pointer(doc, ref), depth + 1);
    }
    return Object.fromEntries(Object.entries(node as Json).map(([k, v]) => [k, deref(doc, v, depth + 1)]));
  }
  return node;
}

function pointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new Error(`only local $refs are supported: ${ref}`);
  }
  return ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((acc, key) => {
      const next = acc && typeof acc === 'object' ? (acc as Json)[key] : undefined;
      if (next === undefined) {
        throw new Error(`unresolved $ref ${ref}`);
      }
      return next;
    }, doc);
}

/** The properties a payload declares, directly or through `allOf`; later members narrow earlier ones. */
function payloadProperties(payload: Json): Json {
  const own = (payload.properties ?? {}) as Json;
  const members = (payload.allOf ?? []) as Json[];
  return members.reduce<Json>((acc, m) => ({ ...acc, ...payloadProperties(m) }), { ...own });
}

function withoutId(schema: Json): Json {
  const { $id: _id, ...rest } = schema;
  return rest;
}

describe('docs/asyncapi.yaml', () => {
  const doc = parse(readFileSync(DOC_PATH, 'utf8')) as Json;
  const channels = deref(doc, doc.channels) as Record<string, { address: string; messages?: Record<string, Json> }>;
  const channelAt = (address: string) => Object.values(channels).find((c) => c.address === address);

  it('should be an AsyncAPI 3.0 document', () => {
    expect(doc.asyncapi).toBe('3.0.0');
  });

  it.each(TOPIC_SPECS.map((t) => [t.name]))('should list a channel for topic %s and its dead-letter topic', (topic) => {
    expect(channelAt(topic)).toBeDefined();
    expect(channelAt(deadLetterTopic(topic))).toBeDefined();
  });

  it('should declare the partitions and retention of each topic as TOPIC_SPECS does', () => {
    for (const spec of TOPIC_SPECS) {
      const kafka = (channelAt(spec.name) as Json & { bindings?: { kafka?: Json } }).bindings?.kafka;
      expect(kafka).toMatchObject({
        partitions: spec.partitions,
        topicConfiguration: { 'retention.ms': spec.retentionMs },
      });
    }
  });

  it('should describe the CloudEvents envelope exactly as envelopeSchema', () => {
    const components = doc.components as { schemas: Json };
    expect(components.schemas.CloudEventsEnvelopeV1).toEqual({
      description: expect.any(String),
      ...withoutId(envelopeSchema as unknown as Json),
    });
  });

  it.each(EVENT_CATALOG.map((d) => [d.type, d]))(
    'should document %s on its topic with the contract schema as `data`',
    (_type, def) => {
      const channel = channelAt(def.topic);
      const message = Object.values(channel?.messages ?? {}).find((m) => m.name === def.type);
      expect(message).toBeDefined();
      const props = payloadProperties(message!.payload as Json);
      expect(props.data).toEqual(withoutId(def.schema));
      expect(props.type).toEqual({ const: def.type });
      expect(props.eventversion).toEqual({ const: def.version });
      expect(props.dataschema).toEqual({ const: def.schema.$id });
      expect(props.source).toEqual({ const: `/concerto/${def.producer}` });
    },
  );

  it('should have a send operation by the producer for every event, on the event topic', () => {
    const operations = deref(doc, doc.operations) as Record<
      string,
      { action: string; channel: { address: string }; messages: Json[]; tags?: Array<{ name: string }> }
    >;
    for (const def of EVENT_CATALOG) {
      const senders = Object.values(operations).filter(
        (op) =>
          op.action === 'send' && op.channel.address === def.topic && op.messages.some((m) => m.name === def.type),
      );
      expect(senders.map((op) => op.tags?.map((t) => t.name))).toEqual([[def.producer]]);
    }
  });
});
