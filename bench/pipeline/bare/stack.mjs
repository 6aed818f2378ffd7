// Starts and stops the B-pipeline's processes for run.mjs: its topics (the engine's partition count),
// its scratch schemas, and one Node process per step, as in the stack.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropBareSchemas, setupBareSchemas } from './schema.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Process name → script; the order is the start order (the intake calls the directory). */
export const BARE_PROCESSES = {
  'bare-directory': 'bare-directory.mjs',
  'bare-intake': 'bare-intake.mjs',
  'bare-cases': 'bare-cases.mjs',
  'bare-scheduling': 'bare-scheduling.mjs',
  'bare-notifications': 'bare-notifications.mjs',
};
/** Inbox schema and consumer name of each consumer of case.opened in the B-pipeline (the engine's three). */
export const BARE_CASE_CONSUMERS = {
  alerts: 'bare_alerts',
  scheduling: 'bare_scheduling',
  notifications: 'bare_notifications',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export class BareStack {
  constructor({ repo, db, admin, infra, partitions, tag, jwksUrl, issuer, audience, nodeArgs = [], log }) {
    Object.assign(this, { repo, db, admin, infra, partitions, tag, jwksUrl, issuer, audience, nodeArgs, log });
    this.alertTopic = `bench.bare.alert.${tag}`;
    this.caseTopic = `bench.bare.case.${tag}`;
    this.children = {};
  }

  get pids() {
    return Object.fromEntries(Object.entries(this.children).map(([name, c]) => [name, c.pid]));
  }

  async start() {
    await setupBareSchemas(this.db, this.repo);
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: [this.alertTopic, this.caseTopic].map((topic) => ({ topic, numPartitions: this.partitions })),
    });
    const [intakePort, directoryPort] = [await freePort(), await freePort()];
    this.url = `http://127.0.0.1:${intakePort}`;
    const env = {
      ...process.env,
      BARE_DATABASE_URL: this.infra.DATABASE_URL,
      BARE_KAFKA_BROKERS: this.infra.KAFKA_BROKERS,
      BARE_REDIS_URL: this.infra.REDIS_URL,
      BARE_ALERT_TOPIC: this.alertTopic,
      BARE_CASE_TOPIC: this.caseTopic,
      BARE_PARTITIONS: String(this.partitions),
      BARE_INTAKE_PORT: String(intakePort),
      BARE_INTAKE_URL: this.url,
      BARE_DIRECTORY_PORT: String(directoryPort),
      BARE_DIRECTORY_URL: `http://127.0.0.1:${directoryPort}`,
      BARE_INTERNAL_TOKEN: randomBytes(24).toString('hex'),
      BARE_PSEUDONYM_SECRET: randomBytes(32).toString('hex'),
      BARE_JWKS_URL: this.jwksUrl,
      BARE_AUTH_ISSUER: this.issuer,
      BARE_AUTH_AUDIENCE: this.audience,
    };
    for (const [name, script] of Object.entries(BARE_PROCESSES)) {
      const child = spawn(process.execPath, [...this.nodeArgs, path.join(HERE, script)], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        cwd: this.repo,
      });
      this.children[name] = child;
      child.stderr.on('data', (d) => this.log(`${name}: ${String(d).trimEnd()}`));
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} not ready in 60 s`)), 60000);
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('ready ')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${code} before it was ready`));
        });
      });
    }
  }

  async stop() {
    await Promise.all(
      Object.values(this.children).map(
        (c) =>
          new Promise((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) {
              return resolve();
            }
            c.once('exit', resolve);
            c.kill('SIGTERM');
            setTimeout(() => {
              c.kill('SIGKILL');
              resolve();
            }, 8000).unref();
          }),
      ),
    );
    // The bare producers are gone, so deleting their topics cannot hit kafkajs#1622.
    await this.admin
      .deleteTopics({ topics: [this.alertTopic, this.caseTopic] })
      .catch((e) => this.log(`could not delete the B-pipeline topics: ${e.message}`));
    await dropBareSchemas(this.db).catch(() => undefined);
  }
}
