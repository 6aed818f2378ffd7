import { Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { UpstreamName, Upstreams } from './gateway.proxy.js';

const CACHE_MS = 30000;

/** Which public path prefixes each service documents (the same table the proxy routes by). */
const PUBLIC_PREFIXES: Record<UpstreamName, string[]> = {
  alerts: ['/v1/alerts'],
  cases: ['/v1/cases'],
  directory: ['/v1/bassins', '/v1/duty'],
  scheduling: [
    '/v1/cases',
    '/v1/bassins',
    '/v1/concertations',
    '/v1/calendars',
    '/v1/polls',
    '/v1/rsvp',
    '/v1/action-items',
  ],
  notifications: ['/v1/cases', '/v1/dev', '/v1/pages'],
};

/**
 * The gateway's OpenAPI document: its own header plus the public paths of each service, read from
 * the services' /docs-json and cached for 30 s. A service that does not answer keeps its last
 * known paths (or none), and is listed under `x-concerto-unavailable`.
 */
export class MergedApiDocs {
  private readonly logger = new Logger(MergedApiDocs.name);
  private readonly lastKnown = new Map<UpstreamName, OpenAPIObject>();
  private fetchedAt = 0;
  private refreshing?: Promise<UpstreamName[]>;
  private unavailable: UpstreamName[] = [];

  constructor(private readonly upstreams: Upstreams) {}

  async document(base: OpenAPIObject): Promise<OpenAPIObject> {
    if (Date.now() - this.fetchedAt > CACHE_MS) {
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
      this.unavailable = await this.refreshing;
    }
    const merged: OpenAPIObject = {
      ...base,
      paths: { ...base.paths },
      tags: [...(base.tags ?? [])],
      components: {
        ...base.components,
        schemas: { ...base.components?.schemas },
        securitySchemes: { ...base.components?.securitySchemes },
      },
    };
    for (const [name, doc] of this.lastKnown) {
      for (const [path, item] of Object.entries(doc.paths ?? {})) {
        if (PUBLIC_PREFIXES[name].some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
          merged.paths[path] = item;
        }
      }
      Object.assign(merged.components!.schemas!, doc.components?.schemas ?? {}, { ...merged.components!.schemas });
      Object.assign(merged.components!.securitySchemes!, doc.components?.securitySchemes ?? {}, {
        ...merged.components!.securitySchemes,
      });
      for (const tag of doc.tags ?? []) {
        if (!merged.tags!.some((t) => t.name === tag.name)) {
          merged.tags!.push(tag);
        }
      }
    }
    if (this.unavailable.length > 0) {
      (merged as OpenAPIObject & Record<string, unknown>)['x-concerto-unavailable'] = this.unavailable;
    }
    return merged;
  }

  private async refresh(): Promise<UpstreamName[]> {
    const failed: UpstreamName[] = [];
    await Promise.all(
      (Object.keys(this.upstreams) as UpstreamName[]).map(async (name) => {
        try {
          const res = await fetch(`${this.upstreams[name]!.replace(/\/+$/, '')}/docs-json`, {
            signal: AbortSignal.timeout(2000),
          });
          if (!res.ok) {
            throw new Error(`HTTP ${res.status}`);
          }
          this.lastKnown.set(name, (await res.json()) as OpenAPIObject);
        } catch (error) {
          failed.push(name);
          this.logger.warn({
            msg: 'service API description unavailable',
            upstream: name,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
    this.fetchedAt = failed.length === 0 ? Date.now() : Date.now() - CACHE_MS + 5000; // retry failures sooner
    return failed;
  }
}
