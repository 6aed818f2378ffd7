// The browser specs drive the web app the engine serves from dist/web: build it from the sources
// under test first, so that a fresh clone (npm test before any npm start) and a stale build both
// test the current app. Vite takes a few seconds. Debian's Chromium is installed the same way as
// in CI (scripts/ci/browser.sh) when it is missing, so `npm test` stays one command.
const { execFileSync } = require('node:child_process');
const { accessSync, constants } = require('node:fs');

function hasChromium() {
  try {
    accessSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium', constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

module.exports = async function buildWebApp() {
  if (!hasChromium()) {
    execFileSync('bash', ['scripts/ci/browser.sh'], { stdio: 'inherit' });
  }
  execFileSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
    { stdio: 'inherit' },
  );
};
