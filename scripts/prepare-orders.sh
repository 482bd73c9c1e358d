#!/usr/bin/env bash
# Everything examples/orders needs before `immutable-qa qa` can run it offline: the base image
# (scripts/example-base.sh) and its npm dependencies installed on the host (the image build COPYs
# node_modules: a build container cannot reach the registry). Idempotent; about a second when done.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app="$here/../examples/orders"

bash "$here/example-base.sh"

# npm writes node_modules/.package-lock.json on every install: older than the lockfile = stale.
if [ ! -f "$app/node_modules/.package-lock.json" ] || [ "$app/package-lock.json" -nt "$app/node_modules/.package-lock.json" ]; then
  printf 'prepare-orders: npm ci in examples/orders\n' >&2
  (cd "$app" && npm ci --no-audit --no-fund --loglevel=error)
fi
printf 'prepare-orders: ready\n' >&2
