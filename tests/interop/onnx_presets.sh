#!/usr/bin/env bash
# ONNX export of every preset network: train each briefly on a few real farm
# photos (so BatchNorm statistics and the calibration temperature are not
# their defaults), export it with `barnlab export --onnx`, check the file
# with python3-onnx's checker, and run it with ONNX Runtime on photos the
# model did not train on: probabilities within 1e-4 of Barnlab's predict.
# Then the same for models using the layer types and losses no preset uses.
#
# Usage: onnx_presets.sh BARNLAB FARM_DIR WORK_DIR
set -euo pipefail
BARNLAB="$1"; FARM="$(realpath "$2")"; WORK="$3"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rm -rf "$WORK"; mkdir -p "$WORK/data" "$WORK/photos"
fail() { echo "FAIL: $*" >&2; exit 1; }
# export_and_compare NAME: NAME.barnlab -> NAME.onnx, checked and run on the unseen photos.
export_and_compare() {
  local m="$1" what; what="$(basename "$1")"
  "$BARNLAB" export "$m.barnlab" --onnx "$m.onnx" >"$m.export" || fail "$what: export"
  "$BARNLAB" predict "$m.barnlab" "$WORK/photos" --json --dump-pixels "$m.pixels" >"$m.json" \
    || fail "$what: predict"
  /usr/bin/python3 "$HERE/onnx_check.py" "$m.onnx" "$m.json" || fail "$what: onnx checker"
  node "$HERE/onnx_compare.mjs" "$m.onnx" "$m.pixels" "$m.json" || fail "$what: onnxruntime"
}

for c in cow duck sheep; do
  mkdir -p "$WORK/data/$c"
  photos=("$FARM/$c"/*.jpg)
  for f in "${photos[@]:0:8}"; do ln -s "$f" "$WORK/data/$c/"; done
  for f in "${photos[@]:40:2}"; do ln -s "$f" "$WORK/photos/"; done   # unseen photos
done

# preset:size (alexnet-small is for 64 to 128 px)
for entry in mlp:32 simple-convnet:32 convnet-bn:32 lenet:32 farm-small:32 alexnet-small:64 farm-res:32; do
  arch="${entry%%:*}"; size="${entry##*:}"
  m="$WORK/$arch"
  "$BARNLAB" train "$WORK/data" --arch "$arch" --size "$size" --epochs 1 --batch 8 --val 0.25 \
    --seed 5 --out "$m.barnlab" >"$m.train" 2>&1 || fail "$arch: train: $(tail -3 "$m.train")"
  export_and_compare "$m"
done
# The layer types and losses no preset uses, in models written by barnlab_torch.py.
/usr/bin/python3 "$HERE/onnx_custom.py" "$WORK" >/dev/null || fail "onnx_custom.py"
for loss in softmax_loss bce mse; do export_and_compare "$WORK/custom-$loss"; done
echo "ok: every preset and every layer type exports to ONNX, passes the checker and matches in ONNX Runtime"
