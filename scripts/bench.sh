#!/usr/bin/env bash
# Speed figures, measured in one run: farm-small training steps with the
# native CLI at 1 and 2 threads (with the step profile: per layer, time in
# GEMM and outside it), the Fast/Balanced/Accurate presets' networks, the
# machine's own 2-thread ceiling, PyTorch 1.13 (Debian's python3-torch, the
# reference in tools/torch_farm_small.py) on OpenBLAS at 1 and 2 threads,
# and the wasm builds in headless Chromium (npm --prefix web run bench).
# Prints figures; nothing here passes or fails on speed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# OpenBLAS as a user's PyTorch would have it: Debian's python3-torch calls
# libblas.so.3, the reference BLAS (2.5x slower) unless OpenBLAS is installed.
DEB_PACKAGES+=(python3-torch libopenblas0-pthread)
setup_all
STEPS="${STEPS:-30}"
echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "libblas.so.3 -> $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
"$ROOT/build/barnlab" bench ceiling --threads 2
for t in 1 2; do
  echo "native, $t thread(s):"
  "$ROOT/build/barnlab" bench farm-small --threads "$t" --steps "$STEPS" --profile --compare | sed 's/^/  /'
  # OpenBLAS starts its own threads unless told: the same count as PyTorch's.
  echo "pytorch, $t thread(s):"
  OPENBLAS_NUM_THREADS="$t" /usr/bin/python3 "$ROOT/tools/torch_farm_small.py" --threads "$t" \
    --steps "$STEPS" | sed 's/^/  /'
done
BENCH_STEPS="$STEPS" npm --prefix "$ROOT/web" run --silent bench
for w in fast balanced accurate; do
  echo "native $w preset's network, 1 thread:"
  "$ROOT/build/barnlab" bench "$w" --threads 1 --steps "$STEPS" --profile | sed 's/^/  /'
done
