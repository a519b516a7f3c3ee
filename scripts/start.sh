#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and serves
# the web app at http://localhost:5173 with the sample projects ready.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_all
PORT="${PORT:-5173}"
echo "== Barnlab is at http://localhost:$PORT (Ctrl-C stops it)"
exec npm --prefix "$ROOT/web" run preview -- --port "$PORT" --strictPort --host "${HOST:-127.0.0.1}"
