import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { PUBLIC_PREFIXES } from './gateway-docs.js';
import { upstreamFor, type UpstreamName } from './gateway.proxy.js';

/**
 * Every public route a service declares must be reachable through the gateway, and reach that
 * service. The embedded engine has no gateway, so a route missing from the gateway's table only
 * shows in the distributed mode, as a 404 (it happened to the whole follow-up API of issue 17).
 * This reads the routes from the services' controllers themselves, so a new route cannot be forgotten.
 */
const SERVICES: UpstreamName[] = ['alerts', 'cases', 'directory', 'scheduling', 'notifications'];
/** Routes a service serves outside the public API: service-to-service, probes, documentation. */
const NOT_PUBLIC = /^\/(internal|health|ready|docs)(\/|$)/;

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return controllerFiles(path);
    }
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;
}

interface DeclaredRoute {
  service: UpstreamName;
  method: string;
  path: string;
  file: string;
}

async function declaredRoutes(): Promise<DeclaredRoute[]> {
  const routes: DeclaredRoute[] = [];
  for (const service of SERVICES) {
    for (const file of controllerFiles(resolve('apps', service, 'src'))) {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const exported of Object.values(mod)) {
        if (typeof exported !== 'function') {
          continue;
        }
        const base = Reflect.getMetadata(PATH_METADATA, exported) as string | string[] | undefined;
        if (base === undefined) {
          continue;
        }
        const proto = (exported as { prototype: Record<string, unknown> }).prototype;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const handler = proto[name];
          if (name === 'constructor' || typeof handler !== 'function') {
            continue;
          }
          const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
          const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
          if (sub === undefined || method === undefined) {
            continue;
          }
          for (const b of [base].flat()) {
            for (const s of [sub].flat()) {
              routes.push({ service, method: RequestMethod[method], path: joinPath(b, s), file });
            }
          }
        }
      }
    }
  }
  return routes;
}

describe('gateway: every public route of every service', () => {
  let routes: DeclaredRoute[];

  beforeAll(async () => {
    routes = await declaredRoutes();
  });

  it('should find the services’ controllers (the check below would pass vacuously otherwise)', () => {
    for (const service of SERVICES) {
      expect(routes.filter((r) => r.service === service && !NOT_PUBLIC.test(r.path)).length).toBeGreaterThan(0);
    }
  });

  it('should send each public route to the service that declares it', () => {
    const wrong = routes
      .filter((r) => !NOT_PUBLIC.test(r.path))
      .map((r) => {
        // A concrete path, as a client would send it: each parameter becomes a plausible segment.
        const concrete = r.path.replace(/:[A-Za-z0-9_]+/g, 'f47ac10b-58cc-4372-a567-0e02b2c3d479');
        return { ...r, reached: upstreamFor(concrete) };
      })
      .filter((r) => r.reached !== r.service)
      .map((r) => `${r.method} ${r.path} (${r.service}) goes to ${r.reached ?? 'nowhere (404)'}`);
    expect(wrong).toEqual([]);
  });

  it('should list each public route in the gateway’s merged API document', () => {
    const undocumented = routes
      .filter((r) => !NOT_PUBLIC.test(r.path) && r.path.startsWith('/v1/'))
      .filter((r) => !PUBLIC_PREFIXES[r.service].some((p) => r.path === p || r.path.startsWith(`${p}/`)))
      .map((r) => `${r.method} ${r.path} (${r.service})`);
    expect(undocumented).toEqual([]);
  });
});
