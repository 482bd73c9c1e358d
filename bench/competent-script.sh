#!/usr/bin/env bash
# Bench 1's baseline: the script a competent engineer writes for the job `immutable-qa qa` does.
# Build and push once, start the environment from that digest and wait for its healthchecks,
# the three checks in parallel, the verdict, then remove everything without graceful stops.
# Usage: competent-script.sh <repository> <compose project>. Phase stamps go to stderr.
set -euo pipefail
repo="$1"
project="$2"
stamp() { echo "t $1 $(date +%s%3N)" >&2; }
meta=$(mktemp)
trap 'rm -f "$meta"' EXIT

stamp start
docker buildx build --provenance=false --push -t "$repo:pr-1" --metadata-file "$meta" . >/dev/null 2>&1
digest=$(grep -o '"containerimage.digest": *"[^"]*"' "$meta" | grep -o 'sha256:[0-9a-f]*')
export IMMUTABLE_QA_IMAGE="$repo@$digest"
stamp built

docker compose -p "$project" up -d --wait >/dev/null 2>&1
port=$(docker compose -p "$project" port web 8080)
export IMMUTABLE_QA_ENDPOINT_WEB="http://127.0.0.1:${port##*:}/"
stamp ready

pids=()
for _ in one two three; do
  (sleep 2 && wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB") &
  pids+=("$!")
done
verdict=passed
for pid in "${pids[@]}"; do wait "$pid" || verdict=failed; done
stamp checked
echo "verdict $verdict"

docker compose -p "$project" down -v -t 0 >/dev/null 2>&1
stamp down
[ "$verdict" = passed ]
