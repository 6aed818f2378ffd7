import 'reflect-metadata';
import { loadConfig } from '#concerto/config';
import { clockFromConfig, runMain } from '#concerto/platform';
import { createEmbeddedEngine } from './embedded-app.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const engine = await createEmbeddedEngine(config, clockFromConfig(config));
  await engine.app.listen(config.PORT, config.LISTEN_HOST);
  const url = `http://localhost:${config.PORT}`;
  process.stdout.write(
    JSON.stringify({
      level: 'log',
      service: 'concerto-embedded',
      msg: `Concerto is listening on ${url} (API docs: ${url}/docs, data: ${config.DATA_DIR})`,
    }) + '\n',
  );
  const stop = async () => {
    await engine.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

runMain('embedded', main);
