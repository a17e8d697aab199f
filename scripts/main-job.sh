#!/usr/bin/env bash
# The main job on a fresh clone: set up, then migrate the bundled local tenant's reload tasks
# with pulumi preview and pulumi up under the real engine. Arguments go to the job (--help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
exec node "$root/dist/scripts/main-job.js" "$@"
