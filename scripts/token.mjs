// Prints a development access token for a demo user of the embedded engine:
//   npm run -s token -- --user coord-nord
// It signs with the key pair the engine keeps in DATA_DIR/keys (created here if absent).
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    ttl: { type: 'string', default: '28800' },
    list: { type: 'boolean', default: false },
  },
});
if (!existsSync('dist/libs/auth/src/index.js')) {
  execSync('npx tsc -p tsconfig.build.json', { stdio: 'inherit' });
}
const { DevIdentityProvider } = await import(resolve('dist/libs/auth/src/index.js'));
const { loadConfig } = await import(resolve('dist/libs/config/src/index.js'));
const config = loadConfig();
const directory = JSON.parse(readFileSync(resolve(config.DIRECTORY_SEED_FILE), 'utf8'));
if (values.list || !values.user) {
  const rows = directory.professionals.map(
    (p) => `  ${p.id.padEnd(22)} ${p.roles.join(',').padEnd(26)} ${(p.bassins ?? []).join(',')}`,
  );
  process.stderr.write(`Usage: npm run -s token -- --user <id>\nDemo users:\n${rows.join('\n')}\n`);
  process.exit(values.user ? 0 : 2);
}
const user = directory.professionals.find((p) => p.id === values.user);
if (!user) {
  process.stderr.write(`Unknown demo user "${values.user}". Run: npm run -s token -- --list\n`);
  process.exit(2);
}
const idp = await DevIdentityProvider.load(join(config.DATA_DIR, 'keys'), config.AUTH_ISSUER, config.AUTH_AUDIENCE);
process.stdout.write((await idp.issue(user, Number(values.ttl))) + '\n');
