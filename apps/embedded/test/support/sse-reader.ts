import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

type Json = Record<string, any>;

/** The base URL of an app's HTTP server, listening on a free loopback port if it was not yet. */
export async function baseUrlOf(app: INestApplication): Promise<string> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A real HTTP client of `GET /v1/cases/stream`, read event by event. */
export async function openWorklistStream(base: string, bearer: string, query = '') {
  const controller = new AbortController();
  const res = await fetch(`${base}/v1/cases/stream${query}`, {
    headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<{ event: string; data: Json }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (data !== undefined) {
          return { event, data: JSON.parse(data) as Json };
        }
        continue;
      }
      const { value, done } = await reader.read();
      if (done) {
        throw new Error('stream ended');
      }
      buffer += value;
    }
  };
  /** The next case change matching `wanted` (others of the reader's worklist are skipped). */
  const nextWhere = async (wanted: (data: Json) => boolean): Promise<Json> => {
    for (;;) {
      const e = await next();
      if (e.event === 'case' && wanted(e.data)) {
        return e.data;
      }
    }
  };
  return { res, next, nextWhere, close: () => controller.abort() };
}
