#!/usr/bin/env bash
# Speed figures, measured in one run: farm-small training steps with the
# native CLI at 1 and 2 threads, PyTorch 1.13 (Debian's python3-torch, the
# reference in tools/torch_farm_small.py) at 1 and 2 threads, and the wasm
# builds in headless Chromium (npm --prefix web run bench). Prints figures;
# nothing here passes or fails on speed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
DEB_PACKAGES+=(python3-torch)
setup_all
STEPS="${STEPS:-30}"
for t in 1 2; do
  echo "native, $t thread(s):"; "$ROOT/build/barnlab" bench farm-small --threads "$t" --steps "$STEPS" | sed 's/^/  /'
  echo "pytorch, $t thread(s):"; /usr/bin/python3 "$ROOT/tools/torch_farm_small.py" --threads "$t" --steps "$STEPS" | sed 's/^/  /'
done
BENCH_STEPS="$STEPS" npm --prefix "$ROOT/web" run --silent bench
