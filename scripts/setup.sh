#!/usr/bin/env bash
# Prepares a fresh clone: installs the npm dependencies (which include Node.js 22 itself, as the
# `node` package, since users run Node 22+ and the machines may ship an older one), builds the
# Pulumi CLI once into the user cache, and compiles the TypeScript. Source it, or run it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ! -x node_modules/.bin/node || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "setup: installing npm dependencies" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$root/node_modules/.bin:$PATH"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if (( node_major < 22 )); then
  echo "setup: Node.js 22 or newer is needed, found $(node --version)" >&2
  exit 1
fi

bash scripts/build-pulumi-cli.sh >/dev/null
echo "setup: compiling TypeScript" >&2
npx tsc -p tsconfig.build.json
