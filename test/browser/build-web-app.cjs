// The browser specs drive the web app the engine serves from dist/web: build it from the sources
// under test first, so that a fresh clone (npm test before any npm start) and a stale build both
// test the current app. Vite takes a few seconds.
const { execFileSync } = require('node:child_process');

module.exports = async function buildWebApp() {
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
    },
  );
};
