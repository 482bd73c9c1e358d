#!/usr/bin/env bash
# dist/ must equal a fresh bundle of src/ (as actions/typescript-action's check-dist).
set -euo pipefail
npm run -s bundle
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run bundle' and commit dist/" >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2
  exit 1
fi
echo "dist/ is fresh"
