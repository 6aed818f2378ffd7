import { PGlite } from '@electric-sql/pglite';
import type { DataSource } from 'typeorm';
import { CLOUDEVENTS_STRUCTURED_CONTENT_TYPE, structuredEventHeaders } from './cloudevents-kafka.js';
import { MessageTransport, type Subscription, type TransportMessage } from './message-transport.port.js';
import { outboxRelayLeaseTableSql, outboxTableSql } from './messaging-tables.sql.js';
import { OutboxRelay } from './outbox-relay.js';

class RecordingTransport extends MessageTransport {
  readonly published: TransportMessage[] = [];
  async publish(messages: TransportMessage[]): Promise<void> {
    this.published.push(...messages);
  }
  subscribe(_subscription: Subscription): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

describe('CloudEvents Kafka protocol binding, structured content mode', () => {
  it('should name the JSON event format as the content-type of a structured record', () => {
    expect(CLOUDEVENTS_STRUCTURED_CONTENT_TYPE).toMatch(/^application\/cloudevents\+json(; charset=UTF-8)?$/);
    expect(structuredEventHeaders('e-1', { 'x-replayed-from': 'dlt/0/1' })).toEqual({
      'content-type': 'application/cloudevents+json; charset=UTF-8',
      'ce-id': 'e-1',
      'x-replayed-from': 'dlt/0/1',
    });
  });

  it('should publish every outbox event with the structured-mode content-type and the whole event as the value', async () => {
    const db = new PGlite();
    try {
      await db.exec('CREATE SCHEMA "svc"');
      for (const sql of [...outboxTableSql('svc'), ...outboxRelayLeaseTableSql('svc')]) {
        await db.exec(sql);
      }
      const runner = (q: Pick<PGlite, 'query'>) => ({
        query: async (sql: string, params: unknown[] = []) => (await q.query(sql, params)).rows,
      });
      const ds = {
        ...runner(db),
        transaction: (work: (m: unknown) => Promise<unknown>) => db.transaction((tx) => work(runner(tx))),
      } as unknown as DataSource;
      const event = {
        specversion: '1.0',
        id: '0b9c5b4e-3f39-4f1e-9a55-3d1a4d1b6a01',
        type: 'alert.raised',
        source: '/concerto/alerts',
        datacontenttype: 'application/json',
        data: {},
      };
      await db.query(
        `INSERT INTO "svc"."outbox" ("event_id","topic","message_key","envelope") VALUES ($1, 't', 'case-1', $2)`,
        [event.id, JSON.stringify(event)],
      );
      const transport = new RecordingTransport();

      expect(await new OutboxRelay(ds, transport, { schema: 'svc', pollIntervalMs: 60000 }).drain()).toBe(1);

      expect(transport.published).toHaveLength(1);
      const [record] = transport.published;
      expect(record.headers['content-type']).toBe(CLOUDEVENTS_STRUCTURED_CONTENT_TYPE);
      // Structured mode: the attributes travel in the value, not in ce_ headers.
      expect(Object.keys(record.headers).filter((h) => h.startsWith('ce_'))).toEqual([]);
      expect(JSON.parse(record.value)).toMatchObject({ specversion: '1.0', id: event.id, type: 'alert.raised' });
    } finally {
      await db.close();
    }
  });
});
