#!/usr/bin/env bash
# Builds the Pulumi CLI from its Go module once, into a user-level cache, and
# prints the folder that holds it. Later runs reuse the binary.
#
# No prebuilt Pulumi CLI can be downloaded on our machines, but the Go module
# proxy serves github.com/pulumi/pulumi/pkg/v3. That module's own go.mod points
# sdk/v3 at a sibling folder, which only works inside Pulumi's repository, so
# we build from a tiny module of our own that requires pkg/v3 and sdk/v3 at the
# same release.
set -euo pipefail

version="${PULUMI_CLI_VERSION:-3.276.0}"
cache="${QLIK_TASKS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qlik-tasks-provider}"
bin_dir="$cache/pulumi-v$version/bin"
here="$(cd "$(dirname "$0")" && pwd)"

if [[ -x "$bin_dir/pulumi" ]] && "$bin_dir/pulumi" version >/dev/null 2>&1; then
  install -m 0755 "$here/pulumi-resource-pulumi-nodejs" "$bin_dir/"
  echo "$bin_dir"
  exit 0
fi

command -v go >/dev/null || { echo "build-pulumi-cli: Go is needed to build the Pulumi CLI" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cat > go.mod <<MOD
module qlik-tasks-provider/pulumi-cli

go 1.24

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)
MOD
cat > tools.go <<'SRC'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
SRC

echo "build-pulumi-cli: building Pulumi CLI v$version from the Go module proxy (first time only)" >&2
start=$SECONDS
GOFLAGS=-mod=mod go mod tidy -e >&2 2>"$work/tidy.log" || { cat "$work/tidy.log" >&2; exit 1; }
mkdir -p "$bin_dir"
CGO_ENABLED=0 go build -trimpath \
  -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
  -o "$bin_dir/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$bin_dir/pulumi.tmp" "$bin_dir/pulumi"
install -m 0755 "$here/pulumi-resource-pulumi-nodejs" "$bin_dir/"
echo "build-pulumi-cli: built in $((SECONDS - start)) s into $bin_dir" >&2
echo "$bin_dir"
