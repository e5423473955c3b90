#!/usr/bin/env bash
# Checks that docker-compose.yml is a valid Compose file, with every profile enabled, without a Docker
# engine. Uses `docker compose config` when the Compose plugin is installed, and otherwise the same
# loader (compose-go, pinned in scripts/compose-check/go.mod) through Go.
#   bash scripts/check-compose.sh           validate; exit 1 with the loader's message if invalid
#   bash scripts/check-compose.sh --json    print the normalized project as JSON (Go loader only)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
file="$root/docker-compose.yml"

# The file refuses to load without its secrets; placeholders suffice to check its structure.
export HIBOB_SYNC_DB_PASSWORD="${HIBOB_SYNC_DB_PASSWORD:-placeholder}"
export HIBOB_SYNC_SECRET_KEYS="${HIBOB_SYNC_SECRET_KEYS:-placeholder}"
export HIBOB_SYNC_PAYLOAD_KEYS="${HIBOB_SYNC_PAYLOAD_KEYS:-placeholder}"

if [ "${1:-}" != "--json" ] && docker compose version >/dev/null 2>&1; then
  exec docker compose --file "$file" --profile '*' config --quiet
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Neither the Docker Compose plugin nor Go is installed: install one of them to check $file" >&2
  exit 1
fi
cd "$root/scripts/compose-check"
exec go run . "$@" "$file"
