#!/usr/bin/env bash
# Opt-in lint of .github/workflows/*.yml against GitHub's workflow schema, with the npm package
# @action-validator/cli. Needs npm and the npm registry; the Maven build never runs this
# (WorkflowFilesTest checks the required keys offline).
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.6.0
status=0
for f in .github/workflows/*.yml .github/workflows/*.yaml; do
  [ -e "$f" ] || continue
  if npx --yes "@action-validator/cli@$version" "$f"; then
    echo "ok   $f"
  else
    echo "FAIL $f"
    status=1
  fi
done
exit "$status"
