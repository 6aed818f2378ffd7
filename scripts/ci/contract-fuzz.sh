#!/usr/bin/env bash
# Contract fuzzing: Schemathesis against the running embedded engine's /docs-json, with a
# coordinator token, every check and the stateful phase. Fails on any failure.
# Needs `npm run build` first. Schemathesis lives in a project-local virtualenv (.venv-schemathesis).
#   scripts/ci/contract-fuzz.sh            # bounded run (CI)
#   ST_MAX_EXAMPLES=200 scripts/ci/contract-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
VENV=.venv-schemathesis
PYTHON=${PYTHON:-python3}
if [ ! -x "$VENV/bin/st" ] || [ "$("$VENV/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

if [ ! -f dist/apps/embedded/src/main.js ]; then
  npm run -s build
fi

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/concerto-fuzz.XXXXXX")"
PORT="$(node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
export DATA_DIR PORT
export LISTEN_HOST=127.0.0.1
export LOG_LEVEL=${LOG_LEVEL:-warn}
# The stateful phase chains operations from a raised alert (its case, team, consent, concertations):
# under the production limit of 30 alerts a minute most chains would stop at a 429. The 429 itself is
# declared on POST /v1/alerts (and checked by apps/embedded/test/api-description.e2e-spec.ts).
export ALERT_RATE_LIMIT_PER_MINUTE=${ALERT_RATE_LIMIT_PER_MINUTE:-100000}
# Likewise every authenticated write counts against a per-user budget (declared as 429 on each).
export WRITE_RATE_LIMIT_PER_MINUTE=${WRITE_RATE_LIMIT_PER_MINUTE:-100000}
LOG="$DATA_DIR/engine.log"

engine_pid=
cleanup() {
  local rc=$?
  if [ -n "$engine_pid" ] && kill -0 "$engine_pid" 2>/dev/null; then
    kill "$engine_pid" 2>/dev/null || true
    wait "$engine_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -f "$LOG" ]; then
    echo "::: last lines of the engine log"
    tail -n 40 "$LOG" | cut -c1-400 || true
  fi
  rm -rf "$DATA_DIR"
  exit "$rc"
}
trap cleanup EXIT

node dist/apps/embedded/src/main.js >"$LOG" 2>&1 &
engine_pid=$!

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  if curl -fsS "$BASE/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$engine_pid" 2>/dev/null; then echo "the engine exited"; exit 1; fi
  sleep 1
done
curl -fsS "$BASE/ready" >/dev/null

TOKEN="$(node scripts/token.mjs --user coord-nord)"

# Bounded: a fixed number of examples per operation and a fixed seed, so that a CI run takes a
# few minutes and a failure is reproducible with the same command. filter_too_much is a health check of
# the generator, not of the API: the alert body's many patterned fields (names, phones, the hotline's
# caller) make Hypothesis discard many drafts, which it reports as an error instead of testing on.
"$VENV/bin/st" --config-file scripts/ci/schemathesis.toml run "$BASE/docs-json" \
  --checks all \
  --phases examples,coverage,fuzzing,stateful \
  --header "Authorization: Bearer $TOKEN" \
  --max-examples "${ST_MAX_EXAMPLES:-25}" \
  --seed "${ST_SEED:-13}" \
  --workers 1 \
  --request-timeout 30 \
  --warnings off \
  --suppress-health-check=filter_too_much \
  "$@"
