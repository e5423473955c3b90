#!/usr/bin/env bash
# Entry point of the quick start: installs what is missing, then runs the demo or the tests.
#   ./dev.sh demo [--employees N]   the leavers scenario end to end on a Temporal dev server and the sandboxes
#   ./dev.sh test [jest args]       the test suite (starts its own dev servers)
set -euo pipefail
cd "$(dirname "$0")"

ensure_node_modules() {
  # Reinstall when package-lock.json changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund
  fi
}

command="${1:-}"
shift || true
case "$command" in
  demo)
    ensure_node_modules
    bash scripts/install-temporal.sh >/dev/null
    npm run --silent build
    exec node lib/client/cli.js demo "$@"
    ;;
  test)
    ensure_node_modules
    bash scripts/install-temporal.sh >/dev/null
    # NOTE: an open handle not yet traced kept Jest alive after the last test file; --forceExit ends it.
    exec npx jest --runInBand --forceExit "$@"
    ;;
  *)
    echo "usage: ./dev.sh demo [--employees N] | ./dev.sh test [jest args]" >&2
    exit 2
    ;;
esac
