#!/usr/bin/env bash
# Stops the Temporal dev server that `npm run demo` left running in the background.
set -euo pipefail
data_dir="${HIBOB_SYNC_DATA_DIR:-.data}"
pid_file="$data_dir/temporal.pid"
if [ ! -f "$pid_file" ]; then
  echo "No $pid_file: no dev server started by the demo is known." >&2
  exit 0
fi
pid="$(cat "$pid_file")"
if kill "$pid" 2>/dev/null; then
  echo "Stopped the Temporal dev server (pid $pid)."
else
  echo "The Temporal dev server (pid $pid) was not running."
fi
rm -f "$pid_file"
