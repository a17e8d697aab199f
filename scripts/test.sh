#!/usr/bin/env bash
# Runs every check on a fresh clone: set up, type-check, lint and format check, then the unit,
# simulator and real-engine tests. Extra arguments go to jest (e.g. --selectProjects unit).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
echo "test: type-check" >&2
tsc -p tsconfig.json --noEmit
echo "test: lint and format" >&2
eslint --max-warnings 0 .
prettier --check . >/dev/null || { prettier --check . ; exit 1; }
echo "test: jest on Node $(node --version)" >&2
jest --ci "$@"
