#!/usr/bin/env bash
# Builds the Temporal CLI (dev server, SQLite persistence and Web UI in one binary) into
# .cache/temporal/bin unless one is already on PATH or in that cache. Prints the binary's path.
# Later CLI tags carry a go.mod `replace` directive that breaks `go install`, so the pin stays
# at v1.5.1 until one installs cleanly.
set -euo pipefail

version="${TEMPORAL_CLI_VERSION:-v1.5.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin_dir="$root/.cache/temporal/bin"

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file" >&2; exit 1; }
  echo "$TEMPORAL_CLI_PATH"
  exit 0
fi
if [ -x "$bin_dir/temporal" ]; then
  echo "$bin_dir/temporal"
  exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  command -v temporal
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
The Temporal CLI was not found on PATH or in $bin_dir, and Go is not installed to build it.
Install Go 1.22 or later and run this script again, or install the Temporal CLI $version
and put it on PATH, or set TEMPORAL_ADDRESS to use an existing Temporal cluster.
MSG
  exit 1
fi

echo "Building the Temporal CLI $version into $bin_dir (a few minutes, once)..." >&2
mkdir -p "$bin_dir"
GOBIN="$bin_dir" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
echo "$bin_dir/temporal"
