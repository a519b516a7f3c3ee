#!/usr/bin/env bash
# tools/barnlab_torch.py in both directions (tests/interop/torch_roundtrip.py):
# Barnlab trains farm-res and convnet-bn briefly on real photos, PyTorch
# reads them (same probabilities within 1e-5), writes them back unchanged
# (same bytes), trains them a few steps and writes them; Barnlab's predict
# then loads the PyTorch-trained file and gives PyTorch's probabilities
# within 1e-5, and so does the app's engine (the wasm module, when
# BARNLAB_WASM_DIR names its build: torch_wasm.mjs).
#
# Usage: torch_roundtrip.sh BARNLAB FARM_DIR WORK_DIR
set -euo pipefail
BARNLAB="$1"; FARM="$(realpath "$2")"; WORK="$3"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$WORK"; mkdir -p "$WORK/data" "$WORK/photos"
fail() { echo "FAIL: $*" >&2; exit 1; }

labels=()
for c in chicken goat pig; do
  mkdir -p "$WORK/data/$c"
  photos=("$FARM/$c"/*.jpg)
  for f in "${photos[@]:0:8}"; do ln -s "$f" "$WORK/data/$c/"; done
  for f in "${photos[@]:50:3}"; do
    ln -s "$f" "$WORK/photos/$c-$(basename "$f")"; labels+=("$c")
  done
done
IFS=, ; label_list="${labels[*]}"; unset IFS   # predict lists the photos sorted: class-prefixed names keep this order

for arch in farm-res convnet-bn; do
  m="$WORK/$arch"
  "$BARNLAB" train "$WORK/data" --arch "$arch" --size 32 --epochs 1 --batch 8 --val 0.25 --seed 2 \
    --out "$m.barnlab" >"$m.train" 2>&1 || fail "$arch: train: $(tail -3 "$m.train")"
  "$BARNLAB" predict "$m.barnlab" "$WORK/photos" --json --dump-pixels "$m.pixels" >"$m.json" || fail "$arch: predict"
  /usr/bin/python3 "$HERE/torch_roundtrip.py" "$m.barnlab" "$m.pixels" "$m.json" "$m.torch.barnlab" \
    "$label_list" || fail "$arch: torch round trip"
  "$BARNLAB" predict "$m.torch.barnlab" "$WORK/photos" --json >"$m.torch.json" || fail "$arch: the PyTorch-trained file does not load"
  /usr/bin/python3 - "$m.torch.json" "$m.torch.barnlab.json" <<'PY' || fail "$arch: torch -> barnlab"
import json, sys
got = [p["probabilities"] for p in json.load(open(sys.argv[1]))["photos"]]
want = json.load(open(sys.argv[2]))["probabilities"]
d = max(abs(a - b) for ga, wa in zip(got, want) for a, b in zip(ga, wa))
assert len(got) == len(want) and d <= 1e-5, f"largest difference {d}"
print(f"torch -> barnlab ok: Barnlab predicts the PyTorch-trained model, largest difference {d:.2e}")
PY
  if [[ -n "${BARNLAB_WASM_DIR:-}" ]]; then
    node "$HERE/torch_wasm.mjs" "$BARNLAB_WASM_DIR" "$m.torch.barnlab" "$m.torch.json" ||
      fail "$arch: the app's engine (wasm) on the PyTorch-trained file"
  else
    echo "note: BARNLAB_WASM_DIR not set (a native-only build): the wasm check was not run"
  fi
done
echo "ok: barnlab_torch.py round trips farm-res and convnet-bn"
