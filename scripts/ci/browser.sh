#!/usr/bin/env bash
# The browser tests (test/browser/, jest project `browser`) drive Debian's Chromium through
# playwright-core: no browser download. Installs the `chromium` package when CHROMIUM_PATH
# (default /usr/bin/chromium) is missing, with the same apt pattern as deploy/local/infra.sh.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM_PATH" ]; then
  echo "chromium present: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "need Debian's chromium at $CHROMIUM_PATH, but not root and no sudo: apt-get install -y --no-install-recommends chromium" >&2
    exit 1
  fi
fi
command -v apt-get >/dev/null 2>&1 || {
  echo "'apt-get' not found: install Chromium with your package manager and set CHROMIUM_PATH" >&2
  exit 1
}
aptlog="$(mktemp -t chromium-apt.XXXXXX.log)"
echo "apt-get update && apt-get install --no-install-recommends chromium (output: $aptlog)"
rc=0
{
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold chromium
} </dev/null >"$aptlog" 2>&1 || rc=$?
if [ "$rc" -ne 0 ]; then
  tail -n 30 "$aptlog" >&2
  echo "apt-get install chromium failed (exit $rc)" >&2
  exit "$rc"
fi
[ -x "$CHROMIUM_PATH" ] || { echo "chromium still not found at $CHROMIUM_PATH after install" >&2; exit 1; }
echo "chromium installed: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"
