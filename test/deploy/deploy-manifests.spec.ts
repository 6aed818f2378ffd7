/**
 * Static checks of the deployment files (no Docker engine, no cluster needed):
 * docker-compose.yml, deploy/docker/Dockerfile and deploy/k8s/*.yaml against the code they
 * deploy: the app folders under apps/, ConcertoConfig (every variable the engine reads) and
 * TOPIC_SPECS (every Kafka topic). Every expectation compares sets derived from the repository,
 * so adding an app, a variable or a topic without updating the manifests makes it fail.
 */
import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { ConcertoConfig, loadConfig } from '#concerto/config';
import { deadLetterTopic, TOPIC_SPECS } from '#concerto/contracts';
import { type DistributedInfraUses, requireDistributedSettings } from '#concerto/platform';

type Json = Record<string, any>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const DOCKERFILE = join(ROOT, 'deploy/docker/Dockerfile');
const K8S_DIR = join(ROOT, 'deploy/k8s');
const DOCKERFILE_IN_COMPOSE = 'deploy/docker/Dockerfile';
/** Image name the Deployments use; kustomization.yaml maps it to the real registry/tag. */
const K8S_IMAGE = 'concerto';
/** Not services of their own: embedded runs every service in one process; web is the browser app the gateway serves. */
const NOT_DEPLOYED = new Set(['embedded', 'web']);
/** Variables that are not ConcertoConfig properties but that the image/entrypoint reads. */
const EXTRA_ENV = new Set(['NODE_ENV', 'SERVICE']);
const YAML_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: true } as const;

const defaults = new ConcertoConfig() as unknown as Record<string, unknown>;
const CONFIG_KEYS = new Set(Object.keys(defaults));
const ALLOWED_ENV = new Set([...CONFIG_KEYS, ...EXTRA_ENV]);

const APPS = readdirSync(join(ROOT, 'apps'))
  .filter((name) => statSync(join(ROOT, 'apps', name)).isDirectory())
  .sort();
const DEPLOYED_APPS = APPS.filter((name) => !NOT_DEPLOYED.has(name));

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The ConcertoConfig property holding an app's HTTP port: PORT for the gateway, <APP>_PORT otherwise. */
const portKeyOf = (app: string) => (app === 'gateway' ? 'PORT' : `${app.toUpperCase()}_PORT`);

/** The app an <APP>_URL variable points at, if it names one. */
const appOfUrlKey = (key: string) => {
  const m = /^([A-Z]+)_URL$/.exec(key);
  const app = m?.[1].toLowerCase();
  return app && DEPLOYED_APPS.includes(app) ? app : undefined;
};

/**
 * What an app's entrypoint asks of the distributed infrastructure: the `uses: { ... }` literal of
 * its startServiceProcess() call in apps/<app>/src/main.ts, or undefined if it has none (yet).
 */
function distributedUsesOf(app: string): DistributedInfraUses | undefined {
  const main = join(ROOT, 'apps', app, 'src', 'main.ts');
  if (!existsSync(main)) {
    return undefined;
  }
  const source = readFileSync(main, 'utf8');
  if (!source.includes('startServiceProcess(')) {
    return undefined;
  }
  const literal = /\buses:\s*\{([^}]*)\}/.exec(source);
  if (!literal) {
    throw new Error(
      `apps/${app}/src/main.ts calls startServiceProcess() without a literal \`uses: { ... }\` that this test can read`,
    );
  }
  return Object.fromEntries([...literal[1].matchAll(/(\w+)\s*:\s*(true|false)/g)].map((m) => [m[1], m[2] === 'true']));
}

function expectDistributedSettings(where: string, app: string, env: Record<string, string>): void {
  const uses = distributedUsesOf(app);
  if (uses) {
    expect(() => requireDistributedSettings(loadConfig(env), uses)).not.toThrow();
  }
  expect({ where, app, mode: loadConfig(env).CONCERTO_MODE }).toEqual({ where, app, mode: 'distributed' });
}

function readYamlDocuments(file: string): Json[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), YAML_OPTIONS);
  if (!Array.isArray(docs)) {
    return [];
  }
  const problems = docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => `${basename(file)}: ${e.message}`));
  if (problems.length > 0) {
    throw new Error(problems.join('\n'));
  }
  return docs.map((d) => d.toJS({ maxAliasCount: -1 }) as Json).filter((d) => d !== null && d !== undefined);
}

/** docker compose variable interpolation with an empty environment (.env absent): defaults apply. */
function interpolate(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  return String(value).replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, _braced, op, arg) => {
      if (match === '$$') {
        return '$';
      }
      if (op === ':-' || op === '-') {
        return arg ?? '';
      }
      if (op === ':?' || op === '?') {
        throw new Error(
          `docker-compose.yml requires ${match} to be set; give it a default so that a bare \`docker compose up\` works`,
        );
      }
      return '';
    },
  );
}

/** compose `environment` in map or list form, interpolated. */
function composeEnvironment(service: Json): Record<string, string> {
  const env = service.environment ?? {};
  const entries: [string, unknown][] = Array.isArray(env)
    ? env.map((line: string) => {
        const i = line.indexOf('=');
        return i < 0 ? [line, undefined] : [line.slice(0, i), line.slice(i + 1)];
      })
    : Object.entries(env);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v) ?? '']));
}

function commandText(value: unknown): string {
  return Array.isArray(value) ? value.join(' ') : String(value ?? '');
}

/** Lines `create <topic> <partitions> <retention.ms>` of a topics script. */
function topicsCreatedBy(script: string): Map<string, { partitions: number; retentionMs: number }> {
  const created = new Map<string, { partitions: number; retentionMs: number }>();
  for (const m of script.matchAll(/^\s*create\s+(\S+)\s+(\d+)\s+(\d+)\s*$/gm)) {
    created.set(m[1], { partitions: Number(m[2]), retentionMs: Number(m[3]) });
  }
  return created;
}

function expectTopicsScriptCoversTopicSpecs(where: string, script: string): void {
  const created = topicsCreatedBy(script);
  expect(script).toMatch(/kafka-topics\.sh[^\n]*--create[^\n]*--if-not-exists/);
  const expectedNames = TOPIC_SPECS.flatMap((s) => [s.name, deadLetterTopic(s.name)]);
  expect({ where, topics: sorted(created.keys()) }).toEqual({ where, topics: sorted(expectedNames) });
  for (const spec of TOPIC_SPECS) {
    expect({ where, topic: spec.name, ...created.get(spec.name) }).toEqual({
      where,
      topic: spec.name,
      partitions: spec.partitions,
      retentionMs: spec.retentionMs,
    });
    const dlt = created.get(deadLetterTopic(spec.name));
    expect({ where, topic: deadLetterTopic(spec.name), partitions: dlt?.partitions }).toEqual({
      where,
      topic: deadLetterTopic(spec.name),
      partitions: spec.partitions,
    });
    expect(dlt!.retentionMs).toBeGreaterThanOrEqual(spec.retentionMs);
  }
}

function expectUrlsPointAtServices(
  where: string,
  env: Record<string, string>,
  portOf: (app: string) => number,
  hostOf: (app: string) => string,
): void {
  for (const [key, value] of Object.entries(env)) {
    const app = appOfUrlKey(key);
    if (!app || !value) {
      continue;
    }
    const url = new URL(value);
    expect({
      where,
      key,
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    }).toEqual({
      where,
      key,
      host: hostOf(app),
      port: portOf(app),
    });
  }
}

describe('deployment manifests (static)', () => {
  it('finds the repository and at least one deployable app', () => {
    expect(existsSync(COMPOSE_FILE)).toBe(true);
    expect(existsSync(DOCKERFILE)).toBe(true);
    expect(DEPLOYED_APPS.length).toBeGreaterThan(0);
    expect(CONFIG_KEYS.size).toBeGreaterThan(0);
    for (const app of DEPLOYED_APPS) {
      expect({ app, portKey: portKeyOf(app), declared: CONFIG_KEYS.has(portKeyOf(app)) }).toEqual({
        app,
        portKey: portKeyOf(app),
        declared: true,
      });
    }
  });

  describe('docker-compose.yml', () => {
    let compose: Json;
    let services: Record<string, Json>;
    /** Every container running the Concerto image (the apps, and helpers such as dev-idp). */
    let imageServices: [string, Json][];
    /** Those that run the image's entrypoint, i.e. an app selected by SERVICE. */
    let concertoServices: [string, Json][];

    beforeAll(() => {
      const docs = readYamlDocuments(COMPOSE_FILE);
      expect(docs).toHaveLength(1);
      compose = docs[0];
      services = compose.services ?? {};
      imageServices = Object.entries(services).filter(
        ([, s]) => s.build?.dockerfile === DOCKERFILE_IN_COMPOSE || String(s.image ?? '').includes('concerto'),
      );
      concertoServices = imageServices.filter(([, s]) => s.entrypoint === undefined);
    });

    const envOf = (name: string) => composeEnvironment(services[name]);
    const portOf = (app: string) => Number(envOf(app)[portKeyOf(app)] ?? defaults[portKeyOf(app)]);

    it('parses as YAML (with merge keys, no duplicate keys) and with plain `parse`', () => {
      expect(() => parse(readFileSync(COMPOSE_FILE, 'utf8'), YAML_OPTIONS)).not.toThrow();
      expect(Object.keys(services).length).toBeGreaterThan(0);
    });

    it('has one service per app folder (except embedded), built from deploy/docker/Dockerfile with SERVICE=<app>', () => {
      expect(sorted(concertoServices.map(([name]) => name))).toEqual(DEPLOYED_APPS);
      for (const [name, service] of concertoServices) {
        expect({
          name,
          dockerfile: service.build?.dockerfile,
          context: service.build?.context,
          SERVICE: envOf(name).SERVICE,
        }).toEqual({
          name,
          dockerfile: DOCKERFILE_IN_COMPOSE,
          context: '.',
          SERVICE: name,
        });
        expect(existsSync(join(ROOT, service.build.context, service.build.dockerfile))).toBe(true);
      }
    });

    it('uses only environment variables that ConcertoConfig declares (plus NODE_ENV, SERVICE)', () => {
      expect(imageServices.length).toBeGreaterThanOrEqual(concertoServices.length);
      const unknown = imageServices.flatMap(([name]) =>
        Object.keys(envOf(name))
          .filter((k) => !ALLOWED_ENV.has(k))
          .map((k) => `${name}: ${k}`),
      );
      expect(unknown).toEqual([]);
    });

    it('gives each service a configuration that loadConfig accepts, with every setting its entrypoint requires', () => {
      for (const [name] of concertoServices) {
        expectDistributedSettings('docker-compose.yml', name, envOf(name));
      }
    });

    it('exposes, publishes and health-checks each service on the port its config gives it', () => {
      for (const app of DEPLOYED_APPS) {
        const port = portOf(app);
        expect({ app, port }).toEqual({ app, port: Number(defaults[portKeyOf(app)]) });
        const service = services[app];
        const containerPorts = [
          ...(service.expose ?? []).map((p: unknown) => Number(String(p).split('/')[0])),
          ...(service.ports ?? []).map((p: unknown) =>
            typeof p === 'object' && p !== null
              ? Number((p as Json).target)
              : Number(interpolate(p)!.split('/')[0].split(':').pop()),
          ),
        ];
        expect({ app, containerPorts: sorted(containerPorts.map(String)) }).toEqual({
          app,
          containerPorts: [String(port)],
        });
        const healthcheck = commandText(service.healthcheck?.test);
        expect({ app, healthcheck: /:(\d+)\/ready\b/.exec(healthcheck)?.[1] }).toEqual({
          app,
          healthcheck: String(port),
        });
      }
    });

    it('points every <APP>_URL at that app’s compose service and port', () => {
      for (const [name] of imageServices) {
        expectUrlsPointAtServices(`compose ${name}`, envOf(name), portOf, (app) => app);
      }
    });

    it('points every URL in a Concerto container’s environment (database, Redis, JWKS...) at a compose service', () => {
      for (const [name] of imageServices) {
        for (const [key, value] of Object.entries(envOf(name))) {
          if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
            continue;
          }
          const host = new URL(value).hostname;
          // A dotted name is an external host (a real IdP, a managed database); a bare name must be a service here.
          if (!host.includes('.') && host !== 'localhost') {
            expect({ name, key, host, isService: host in services }).toEqual({ name, key, host, isService: true });
          }
        }
      }
    });

    it('starts services only after what they depend on is healthy (or, for one-shot steps, completed)', () => {
      for (const [name, service] of Object.entries(services)) {
        for (const [dependency, spec] of Object.entries<Json>(service.depends_on ?? {})) {
          expect({ name, dependency, exists: dependency in services }).toEqual({ name, dependency, exists: true });
          const condition = spec?.condition;
          expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
          if (condition === 'service_healthy') {
            expect({ name, dependency, healthcheck: Boolean(services[dependency].healthcheck?.test) }).toEqual({
              name,
              dependency,
              healthcheck: true,
            });
          }
        }
      }
      for (const [name] of imageServices) {
        expect({ name, healthcheck: Boolean(services[name].healthcheck?.test) }).toEqual({ name, healthcheck: true });
      }
    });

    it('runs Kafka 4.x in KRaft mode without topic auto-creation, PostgreSQL 16 and Redis 7 (AOF everysec, noeviction)', () => {
      const kafka = Object.entries(services).find(
        ([, s]) => String(s.image).startsWith('apache/kafka:') && s.environment?.KAFKA_PROCESS_ROLES,
      );
      expect(kafka).toBeDefined();
      const [kafkaName, kafkaService] = kafka!;
      expect(kafkaService.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
      expect(String(kafkaService.environment.KAFKA_PROCESS_ROLES).split(',').sort()).toEqual(['broker', 'controller']);
      expect(String(kafkaService.environment.KAFKA_AUTO_CREATE_TOPICS_ENABLE)).toBe('false');
      const postgres = Object.values(services).find((s) => String(s.image).startsWith('postgres:'));
      expect(String(postgres?.image)).toMatch(/^postgres:16(\.|-|$)/);
      const redis = Object.values(services).find((s) => String(s.image).startsWith('redis:'));
      expect(String(redis?.image)).toMatch(/^redis:7(\.|-|$)/);
      const redisCommand = commandText(redis?.command);
      expect(redisCommand).toMatch(/--appendonly yes/);
      expect(redisCommand).toMatch(/--appendfsync everysec/);
      expect(redisCommand).toMatch(/--maxmemory-policy noeviction/);
      // Every service that talks to Kafka points at this broker.
      for (const [name] of concertoServices) {
        const brokers = envOf(name).KAFKA_BROKERS;
        if (brokers) {
          expect({ name, brokers: brokers.split(',').map((b) => b.split(':')[0]) }).toEqual({
            name,
            brokers: [kafkaName],
          });
        }
      }
    });

    it('creates every topic of TOPIC_SPECS (and its dead-letter topic) in a one-shot step the Kafka users wait for', () => {
      const steps = Object.entries(services).filter(([, s]) =>
        /kafka-topics\.sh[^\n]*--create/.test(commandText(s.command) + commandText(s.entrypoint)),
      );
      expect(steps).toHaveLength(1);
      const [stepName, step] = steps[0];
      expectTopicsScriptCoversTopicSpecs(
        'docker-compose.yml',
        commandText(step.entrypoint) + '\n' + commandText(step.command),
      );
      for (const [name] of concertoServices) {
        if (envOf(name).KAFKA_BROKERS) {
          expect({ name, condition: services[name].depends_on?.[stepName]?.condition }).toEqual({
            name,
            condition: 'service_completed_successfully',
          });
        }
      }
    });
  });

  describe('deploy/docker/Dockerfile', () => {
    const text = () => readFileSync(DOCKERFILE, 'utf8');
    const instructions = () =>
      text()
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'));

    it('builds on node:20-bookworm-slim with npm ci and npm run build, and runs as a non-root user', () => {
      const lines = instructions();
      const args = Object.fromEntries(
        lines.filter((l) => /^ARG\s+\w+=/.test(l)).map((l) => l.replace(/^ARG\s+/, '').split('=') as [string, string]),
      );
      const froms = lines
        .filter((l) => /^FROM\s/i.test(l))
        .map((l) => l.split(/\s+/)[1].replace(/^\$\{(\w+)\}$/, (_m, a) => args[a] ?? _m));
      expect(froms.length).toBeGreaterThan(1);
      for (const image of froms.filter((f) => f.includes(':'))) {
        expect(image).toBe('node:20-bookworm-slim');
      }
      expect(lines.some((l) => /^RUN\b.*\bnpm ci\b/.test(l))).toBe(true);
      expect(lines.some((l) => /^RUN\b.*\bnpm run build\b/.test(l))).toBe(true);
      const lastStage = lines.slice(lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true));
      const users = lastStage.filter((l) => /^USER\s/i.test(l)).map((l) => l.split(/\s+/)[1]);
      expect(users.length).toBeGreaterThan(0);
      expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    });

    it('selects the entrypoint by SERVICE among the compiled apps', () => {
      const entrypoint = instructions().find((l) => /^ENTRYPOINT\s/.test(l));
      expect(entrypoint).toBeDefined();
      const argv = JSON.parse(entrypoint!.replace(/^ENTRYPOINT\s+/, '')) as string[];
      expect(argv.join(' ')).toContain('dist/apps/${SERVICE:-}/src/main.js');
      expect(argv.join(' ')).toMatch(/exec node /);
    });
  });

  describe('deploy/k8s', () => {
    const files = () =>
      readdirSync(K8S_DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort();
    let docsByFile: Map<string, Json[]>;
    let resources: (Json & { file: string })[];
    let configMap: Json;
    let secretTemplate: Json;
    let deployments: Json[];
    let servicesByName: Map<string, Json>;

    beforeAll(() => {
      docsByFile = new Map(files().map((f) => [f, readYamlDocuments(join(K8S_DIR, f))]));
      resources = [...docsByFile.entries()]
        .filter(([f]) => f !== 'kustomization.yaml')
        .flatMap(([file, docs]) => docs.map((d) => ({ ...d, file })));
      const configMaps = resources.filter((r) => r.kind === 'ConfigMap');
      expect(configMaps).toHaveLength(1);
      configMap = configMaps[0];
      const secrets = resources.filter((r) => r.kind === 'Secret');
      expect(secrets).toHaveLength(1);
      secretTemplate = secrets[0];
      deployments = resources.filter((r) => r.kind === 'Deployment');
      servicesByName = new Map(resources.filter((r) => r.kind === 'Service').map((s) => [s.metadata.name, s]));
    });

    const concertoContainer = (d: Json): Json | undefined =>
      (d.spec?.template?.spec?.containers ?? []).find((c: Json) => c.image === K8S_IMAGE);
    const deploymentOf = (app: string) =>
      deployments.find((d) => concertoContainer(d)?.env?.find((e: Json) => e.name === 'SERVICE')?.value === app);
    const secretValues = () =>
      ({ ...(secretTemplate.data ?? {}), ...(secretTemplate.stringData ?? {}) }) as Record<string, string>;
    /** The environment a container sees: envFrom ConfigMap, then env (secret refs resolved from the template). */
    const effectiveEnv = (c: Json): Record<string, string> => {
      const env: Record<string, string> = {};
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef?.name === configMap.metadata.name) {
          Object.assign(env, configMap.data);
        }
      }
      for (const e of c.env ?? []) {
        if (e.value !== undefined) {
          env[e.name] = String(e.value);
        } else if (e.valueFrom?.configMapKeyRef) {
          env[e.name] = configMap.data[e.valueFrom.configMapKeyRef.key];
        } else if (e.valueFrom?.secretKeyRef) {
          env[e.name] = secretValues()[e.valueFrom.secretKeyRef.key];
        }
      }
      return env;
    };
    const portOf = (app: string) => {
      const c = concertoContainer(deploymentOf(app)!)!;
      return Number(effectiveEnv(c)[portKeyOf(app)] ?? defaults[portKeyOf(app)]);
    };

    it('has YAML files that parse, each document a Kubernetes object', () => {
      expect(files().length).toBeGreaterThan(1);
      for (const [file, docs] of docsByFile) {
        expect({ file, documents: docs.length > 0 }).toEqual({ file, documents: true });
        for (const doc of docs) {
          expect({ file, apiVersion: typeof doc.apiVersion, kind: typeof doc.kind }).toEqual({
            file,
            apiVersion: 'string',
            kind: 'string',
          });
          if (doc.kind !== 'Kustomization') {
            expect({ file, kind: doc.kind, name: typeof doc.metadata?.name }).toEqual({
              file,
              kind: doc.kind,
              name: 'string',
            });
          }
        }
      }
    });

    it('lists in kustomization.yaml every manifest except the secret template, and maps the concerto image', () => {
      const [kustomization] = docsByFile.get('kustomization.yaml') ?? [];
      expect(kustomization?.kind).toBe('Kustomization');
      const listed: string[] = kustomization.resources ?? [];
      for (const file of listed) {
        expect({ file, exists: existsSync(join(K8S_DIR, file)) }).toEqual({ file, exists: true });
      }
      const expected = files().filter((f) => f !== 'kustomization.yaml' && !/\.template\.ya?ml$/.test(f));
      expect(sorted(listed)).toEqual(sorted(expected));
      expect(listed.some((f) => /\.template\.ya?ml$/.test(f))).toBe(false);
      expect((kustomization.images ?? []).map((i: Json) => i.name)).toContain(K8S_IMAGE);
      expect(resources.some((r) => r.kind === 'Namespace' && r.metadata.name === kustomization.namespace)).toBe(true);
    });

    it('has one Deployment and one Service per app folder (except embedded)', () => {
      const deployed = deployments
        .map((d) => concertoContainer(d)?.env?.find((e: Json) => e.name === 'SERVICE')?.value)
        .filter(Boolean);
      expect(sorted(deployed)).toEqual(DEPLOYED_APPS);
      expect(deployments.filter((d) => !concertoContainer(d)).map((d) => d.metadata.name)).toEqual([]);
      for (const app of DEPLOYED_APPS) {
        const deployment = deploymentOf(app)!;
        const service = servicesByName.get(app);
        expect({ app, service: service?.kind }).toEqual({ app, service: 'Service' });
        const podLabels = deployment.spec.template.metadata.labels;
        expect({
          app,
          selectorMatchesPods: Object.entries(service!.spec.selector).every(([k, v]) => podLabels[k] === v),
        }).toEqual({ app, selectorMatchesPods: true });
        expect({
          app,
          deploymentSelector: Object.entries(deployment.spec.selector.matchLabels).every(
            ([k, v]) => podLabels[k] === v,
          ),
        }).toEqual({
          app,
          deploymentSelector: true,
        });
      }
    });

    it('disables service links, whose <SERVICE>_PORT=tcp://... variables would collide with ConcertoConfig ports', () => {
      for (const app of DEPLOYED_APPS) {
        const pod = deploymentOf(app)!.spec.template.spec;
        expect({ app, enableServiceLinks: pod.enableServiceLinks }).toEqual({ app, enableServiceLinks: false });
      }
    });

    it('uses only environment variables that ConcertoConfig declares (plus NODE_ENV, SERVICE)', () => {
      const used: string[] = [
        ...Object.keys(configMap.data ?? {}).map((k) => `ConfigMap ${configMap.metadata.name}: ${k}`),
        ...Object.keys(secretValues()).map((k) => `Secret ${secretTemplate.metadata.name}: ${k}`),
        ...deployments.flatMap((d) =>
          (concertoContainer(d)?.env ?? []).map((e: Json) => `Deployment ${d.metadata.name}: ${e.name}`),
        ),
      ];
      expect(used.filter((entry) => !ALLOWED_ENV.has(entry.split(': ')[1]))).toEqual([]);
      for (const value of Object.values(configMap.data ?? {})) {
        expect(typeof value).toBe('string');
      }
    });

    it('references only ConfigMap and Secret keys that exist, and the Secret template holds placeholders only', () => {
      const secretKeysUsed = new Set<string>();
      for (const d of deployments) {
        const c = concertoContainer(d)!;
        for (const from of c.envFrom ?? []) {
          expect({ deployment: d.metadata.name, envFrom: from.configMapRef?.name ?? from.secretRef?.name }).toEqual({
            deployment: d.metadata.name,
            envFrom: configMap.metadata.name,
          });
        }
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
          if (!ref) {
            continue;
          }
          const isSecret = Boolean(e.valueFrom.secretKeyRef);
          const source = isSecret ? secretValues() : configMap.data;
          expect({ deployment: d.metadata.name, ref: ref.name, key: ref.key, exists: ref.key in source }).toEqual({
            deployment: d.metadata.name,
            ref: isSecret ? secretTemplate.metadata.name : configMap.metadata.name,
            key: ref.key,
            exists: true,
          });
          if (isSecret) {
            secretKeysUsed.add(ref.key);
          }
        }
      }
      expect(sorted(Object.keys(secretValues()))).toEqual(sorted(secretKeysUsed));
      for (const [key, value] of Object.entries(secretValues())) {
        expect({ key, placeholder: /^REPLACE_ME/.test(String(value)) }).toEqual({ key, placeholder: true });
      }
    });

    it('gives each app a configuration that loadConfig accepts, with every setting its entrypoint requires', () => {
      for (const app of DEPLOYED_APPS) {
        expectDistributedSettings('deploy/k8s', app, effectiveEnv(concertoContainer(deploymentOf(app)!)!));
      }
    });

    it('uses the configured port for containerPort, Service and probes (readiness /ready, liveness /health)', () => {
      for (const app of DEPLOYED_APPS) {
        const port = portOf(app);
        expect({ app, port }).toEqual({ app, port: Number(defaults[portKeyOf(app)]) });
        const c = concertoContainer(deploymentOf(app)!)!;
        const named = new Map<string, number>((c.ports ?? []).map((p: Json) => [p.name, p.containerPort]));
        const resolve = (p: unknown) => (typeof p === 'number' ? p : named.get(String(p)));
        expect({ app, containerPorts: (c.ports ?? []).map((p: Json) => p.containerPort) }).toEqual({
          app,
          containerPorts: [port],
        });
        const service = servicesByName.get(app)!;
        for (const sp of service.spec.ports) {
          expect({ app, servicePort: sp.port, targetPort: resolve(sp.targetPort ?? sp.port) }).toEqual({
            app,
            servicePort: port,
            targetPort: port,
          });
        }
        expect({
          app,
          readiness: c.readinessProbe?.httpGet?.path,
          port: resolve(c.readinessProbe?.httpGet?.port),
        }).toEqual({ app, readiness: '/ready', port });
        expect({
          app,
          liveness: c.livenessProbe?.httpGet?.path,
          port: resolve(c.livenessProbe?.httpGet?.port),
        }).toEqual({ app, liveness: '/health', port });
      }
    });

    it('points every <APP>_URL at that app’s Service and port', () => {
      for (const app of DEPLOYED_APPS) {
        expectUrlsPointAtServices(
          `Deployment ${app}`,
          effectiveEnv(concertoContainer(deploymentOf(app)!)!),
          portOf,
          (target) => servicesByName.get(target)!.metadata.name,
        );
      }
    });

    it('sets resource requests and limits and a non-root, read-only security context on every container', () => {
      const workloads = resources.filter((r) =>
        ['Deployment', 'Job', 'StatefulSet', 'DaemonSet', 'CronJob'].includes(r.kind),
      );
      expect(workloads.length).toBeGreaterThan(0);
      for (const w of workloads) {
        const pod = w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template.spec : w.spec.template.spec;
        expect({ workload: w.metadata.name, runAsNonRoot: pod.securityContext?.runAsNonRoot }).toEqual({
          workload: w.metadata.name,
          runAsNonRoot: true,
        });
        for (const c of pod.containers) {
          const r = c.resources ?? {};
          expect({
            workload: w.metadata.name,
            container: c.name,
            requests: sorted(Object.keys(r.requests ?? {})),
            limits: sorted(Object.keys(r.limits ?? {})),
          }).toEqual({
            workload: w.metadata.name,
            container: c.name,
            requests: ['cpu', 'memory'],
            limits: ['cpu', 'memory'],
          });
          expect({
            container: c.name,
            allowPrivilegeEscalation: c.securityContext?.allowPrivilegeEscalation,
            readOnlyRootFilesystem: c.securityContext?.readOnlyRootFilesystem,
          }).toEqual({
            container: c.name,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
          });
        }
      }
    });

    it('creates every topic of TOPIC_SPECS (and its dead-letter topic) in a Job', () => {
      const jobs = resources.filter((r) => r.kind === 'Job');
      const topicJobs = jobs.filter((j) =>
        j.spec.template.spec.containers.some((c: Json) =>
          /kafka-topics\.sh[^\n]*--create/.test(commandText(c.command) + '\n' + commandText(c.args)),
        ),
      );
      expect(topicJobs).toHaveLength(1);
      const container = topicJobs[0].spec.template.spec.containers[0];
      expect(container.image).toMatch(/^apache\/kafka:4\.\d+\.\d+$/);
      expectTopicsScriptCoversTopicSpecs(
        'deploy/k8s Job',
        commandText(container.command) + '\n' + commandText(container.args),
      );
    });
  });
});
