import 'reflect-metadata';
import { ConfigError, loadConfig } from '#concerto/config';
import { clockFromConfig, exitOnUnexpectedErrors, fatalLogLine } from '#concerto/platform';
import { createEmbeddedEngine } from './embedded-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const engine = await createEmbeddedEngine(config, clockFromConfig(config));
  await engine.app.listen(config.PORT, config.LISTEN_HOST);
  const url = `http://localhost:${config.PORT}`;
  process.stdout.write(
    JSON.stringify({ level: 'log', service: 'concerto-embedded', msg: `Concerto is listening on ${url} (API docs: ${url}/docs, data: ${config.DATA_DIR})` }) + '\n',
  );
  const stop = async () => {
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

exitOnUnexpectedErrors('embedded');
main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stderr.write(fatalLogLine('embedded', message, error) + '\n');
  process.exit(1);
});
