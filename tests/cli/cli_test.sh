#!/usr/bin/env bash
# The barnlab CLI's interface: the output lines other tools read, exit codes,
# and clear errors for bad input. Uses a small copy-free subset of the farm
# photos (symlinks into ../shared/data) so nothing is committed.
set -euo pipefail
BARNLAB="$1"; FARM="$2"; WORK="$3"
rm -rf "$WORK"; mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_error() {  # expect_error "<what>" "<message part>" cmd...
  local what="$1" want="$2"; shift 2
  if "$@" >"$WORK/out" 2>"$WORK/err"; then fail "$what: exit code 0"; fi
  grep -q -- "$want" "$WORK/err" || fail "$what: stderr lacks '$want': $(cat "$WORK/err")"
  echo "ok: $what -> $(head -1 "$WORK/err")"
}

# A 3-class subset, 12 photos each, plus a broken photo.
DATA="$WORK/data"
for c in chicken duck pig; do
  mkdir -p "$DATA/$c"
  photos=("$FARM/$c"/*.jpg)
  for f in "${photos[@]:0:12}"; do ln -s "$f" "$DATA/$c/"; done
done
printf 'this is not a jpeg' > "$DATA/pig/broken.jpg"

"$BARNLAB" train "$DATA" --arch farm-small --size 32 --epochs 2 --batch 8 --val 0.2 --seed 3 \
  --out "$WORK/m.barnlab" >"$WORK/train.out" 2>"$WORK/train.err" || fail "train: $(cat "$WORK/train.err")"
grep -q "broken.jpg" "$WORK/train.err" || fail "no warning naming the broken photo"
grep -qE '^epoch 2: train_loss=[0-9.]+ train_acc=[0-9.]+ val_loss=[0-9.]+ val_acc=[0-9.]+' "$WORK/train.out" || fail "epoch line: $(cat "$WORK/train.out")"
tail -1 "$WORK/train.out" | grep -qE '^final: train_acc=[0-9.]+ val_acc=[0-9.]+$' || fail "final line"
echo "ok: train prints epochs and the final line; broken photo named"

"$BARNLAB" eval "$WORK/m.barnlab" "$DATA" >"$WORK/eval.out" 2>/dev/null || fail "eval"
tail -1 "$WORK/eval.out" | grep -qE '^accuracy: [0-9.]+$' || fail "eval last line"
grep -q chicken "$WORK/eval.out" || fail "eval lists classes"
echo "ok: eval ends with accuracy"

duck=("$DATA/duck"/*.jpg); one="$(basename "${duck[0]}")"
"$BARNLAB" predict "$WORK/m.barnlab" "$DATA/duck/$one" --threshold 0 >"$WORK/pred.out" || fail "predict"
grep -qE "^$DATA/duck/$one (chicken|duck|pig) [0-9.]+$" "$WORK/pred.out" || fail "predict line: $(cat "$WORK/pred.out")"
echo "ok: predict prints path, class, probability"
"$BARNLAB" predict "$WORK/m.barnlab" "$DATA/duck/$one" --tta --threshold 1 >"$WORK/unsure.out" || fail "predict --threshold"
grep -qE "^$DATA/duck/$one not sure: (chicken|duck|pig) [0-9.]+ or (chicken|duck|pig) [0-9.]+$" "$WORK/unsure.out" ||
  fail "not-sure line: $(cat "$WORK/unsure.out")"
grep -q '^calibration: temperature [0-9.]*, ECE' "$WORK/train.out" || fail "train reports the calibration"
echo "ok: predict says 'not sure' with the top two below the threshold"

"$BARNLAB" train "$DATA" --preset fast --epochs 1 --out "$WORK/p.barnlab" >"$WORK/preset.out" 2>/dev/null || fail "train --preset"
grep -qE '^preset fast: farm-res at 32 px, 1 epochs, batch [0-9]+, adamw' "$WORK/preset.out" ||
  fail "preset line: $(head -3 "$WORK/preset.out")"
expect_error "unknown preset" "choose fast, balanced or accurate" "$BARNLAB" train "$DATA" --preset quick --out "$WORK/p.barnlab"
echo "ok: train --preset fast trains the app's preset, flags override it"

"$BARNLAB" learning-curve "$DATA" --per-class 3 --test-per-class 4 --seeds 1,2 --recipes fast --epochs 2 \
  --restore-best=0 >"$WORK/curve.out" 2>/dev/null || fail "learning-curve"
grep -qE '^\| 3 \| fast \| 2 \| 32 \| 2 \| last \| [0-9.]+ \| [0-9.]+ \| [0-9]+ \|$' "$WORK/curve.out" ||
  fail "learning-curve row: $(cat "$WORK/curve.out")"
grep -qE '^\| 3 \| fast \| mean of 2 \|' "$WORK/curve.out" || fail "learning-curve mean: $(cat "$WORK/curve.out")"
expect_error "learning-curve flag" "unknown option --bogus" "$BARNLAB" learning-curve "$DATA" --bogus 1
echo "ok: learning-curve runs a preset with flags over it, one row a seed and the mean"

"$BARNLAB" train "$DATA" --out "$WORK/m.barnlab" --epochs 1 --batch 8 --val 0.2 --resume >"$WORK/resume.out" 2>/dev/null || fail "resume"
grep -q '^epoch 3:' "$WORK/resume.out" || fail "resume continues at epoch 3"
echo "ok: --resume continues the saved model"

head -c 300 "$WORK/m.barnlab" > "$WORK/cut.barnlab"
expect_error "truncated model" "truncated" "$BARNLAB" predict "$WORK/cut.barnlab" "$DATA/duck/$one"
expect_error "missing data dir" "does not exist" "$BARNLAB" train "$WORK/nowhere" --arch mlp --out "$WORK/x.barnlab"
cows=("$FARM/cow"/*.jpg); mkdir -p "$WORK/one/a"; ln -s "${cows[0]}" "$WORK/one/a/x.jpg"
expect_error "one class" "two" "$BARNLAB" train "$WORK/one" --arch mlp --out "$WORK/x.barnlab"
mkdir -p "$WORK/one/b"
expect_error "empty class" "no readable images" "$BARNLAB" train "$WORK/one" --arch mlp --out "$WORK/x.barnlab"
expect_error "unknown arch" "choose one of" "$BARNLAB" train "$DATA" --arch resnet --out "$WORK/x.barnlab"
[[ -f "$WORK/m.barnlab" ]] || fail "the good model was lost"

# Usage errors exit 2 with the usage on stderr, as other command-line tools do.
expect_usage() {  # expect_usage "<what>" "<message part>" args...
  local what="$1" want="$2" code=0; shift 2
  "$BARNLAB" "$@" >"$WORK/out" 2>"$WORK/err" || code=$?
  [[ "$code" -eq 2 ]] || fail "$what: exit code $code, expected 2"
  grep -q -- "$want" "$WORK/err" || fail "$what: stderr lacks '$want': $(cat "$WORK/err")"
  grep -q '^usage:' "$WORK/err" || fail "$what: no usage on stderr"
  [[ ! -s "$WORK/out" ]] || fail "$what: wrote to stdout: $(cat "$WORK/out")"
  echo "ok: $what -> exit 2, usage on stderr"
}
expect_usage "no arguments" "barnlab train"
expect_usage "unknown command" "unknown command 'trian'" trian "$DATA"
expect_usage "unknown option" "unknown option --epoch" train "$DATA" --arch mlp --epoch 3 --out "$WORK/x.barnlab"
expect_usage "missing --out" "needs --out" train "$DATA" --arch mlp
expect_usage "bad number" "--lr needs a number" train "$DATA" --arch mlp --lr fast --out "$WORK/x.barnlab"
expect_usage "eval arguments" "eval needs MODEL DATA_DIR" eval "$WORK/m.barnlab"
"$BARNLAB" help >"$WORK/help.out" || fail "help exits 0"
for arch in mlp simple-convnet convnet-bn lenet farm-small alexnet-small; do
  grep -q "^architectures:.*\b$arch\b" "$WORK/help.out" || fail "usage lacks architecture $arch"
done
echo "ok: help lists every architecture"
"$BARNLAB" bench farm-small --steps 2 --warmup 1 >"$WORK/bench.out"
tail -1 "$WORK/bench.out" | grep -qE '^farm-small: [0-9.]+ ms/step, [0-9.]+ images/s$' || fail "bench line"
echo "ok: bench line"

# Issue 13: --version, predict over a folder with --csv and --json, sort,
# --json on eval and bench, export --onnx, exit 2 for their usage errors.
"$BARNLAB" --version | grep -qE '^barnlab [0-9]+\.[0-9]+\.[0-9]+ \(model file format [0-9]+, ONNX opset 13\)$' || fail "--version"
echo "ok: --version"
NEW="$WORK/new"; mkdir -p "$NEW/sub"
pigs=("$FARM/pig"/*.jpg); ln -s "${pigs[40]}" "$NEW/a,b.jpg"; ln -s "${pigs[41]}" "$NEW/sub/x.jpg"
ln -s "${cows[40]}" "$NEW/x.jpg"; printf 'not a photo' > "$NEW/notes.txt"
"$BARNLAB" predict "$WORK/m.barnlab" "$NEW" --csv "$WORK/p.csv" --threshold 0.5 >"$WORK/pdir.out" || fail "predict DIR --csv"
[[ "$(head -1 "$WORK/p.csv")" == "photo,class,probability,not_sure" ]] || fail "csv header: $(head -1 "$WORK/p.csv")"
[[ "$(wc -l <"$WORK/p.csv")" -eq 4 ]] || fail "csv rows: $(cat "$WORK/p.csv")"
grep -qE "^\"$NEW/a,b.jpg\",(chicken|duck|pig),[0-9.]+,(yes|no)$" "$WORK/p.csv" || fail "csv quoting: $(cat "$WORK/p.csv")"
grep -qE "^$NEW/sub/x.jpg,(chicken|duck|pig),[0-9.]+,(yes|no)$" "$WORK/p.csv" || fail "csv sub-folder row"
echo "ok: predict DIR --csv lists every photo of the folder, quoted where needed"
INJ="$WORK/inj"; mkdir -p "$INJ"
ln -s "${pigs[40]}" "$INJ/=1+2.jpg"; ln -s "${pigs[41]}" "$INJ/+a.jpg"; ln -s "${pigs[42]}" "$INJ/@b,c.jpg"
(cd "$INJ" && "$BARNLAB" predict "$WORK/m.barnlab" "=1+2.jpg" "+a.jpg" "@b,c.jpg" --csv "$WORK/inj.csv" >/dev/null) ||
  fail "predict --csv of formula-like names"
grep -qE "^'=1\+2.jpg,(chicken|duck|pig)," "$WORK/inj.csv" || fail "csv injection =: $(cat "$WORK/inj.csv")"
grep -qE "^'\+a.jpg,(chicken|duck|pig)," "$WORK/inj.csv" || fail "csv injection +: $(cat "$WORK/inj.csv")"
grep -qE "^\"'@b,c.jpg\",(chicken|duck|pig)," "$WORK/inj.csv" || fail "csv injection @: $(cat "$WORK/inj.csv")"
echo "ok: predict --csv neutralises names a spreadsheet would read as formulas"
"$BARNLAB" predict "$WORK/m.barnlab" "$NEW" --json >"$WORK/p.json" || fail "predict --json"
[[ "$(wc -l <"$WORK/p.json")" -eq 1 ]] || fail "predict --json is not one line"
/usr/bin/python3 - "$WORK/p.json" <<'PY' || fail "predict --json content"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["classes"] == ["chicken", "duck", "pig"] and len(j["photos"]) == 3 and j["errors"] == [], j
for p in j["photos"]:
    assert abs(sum(p["probabilities"]) - 1) < 1e-4 and p["class"] in j["classes"], p
    assert p["probability"] == max(p["probabilities"]) and p["not_sure"] == (p["probability"] < j["threshold"]), p
PY
echo "ok: predict --json is one object"
"$BARNLAB" eval "$WORK/m.barnlab" "$DATA" --json 2>/dev/null >"$WORK/e.json" || fail "eval --json"
/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert 0 <= j["accuracy"] <= 1 and len(j["confusion"]) == 3 and j["photos"] == sum(map(sum, j["confusion"])), j' "$WORK/e.json" || fail "eval --json content"
"$BARNLAB" bench farm-small --steps 2 --warmup 1 --json >"$WORK/b.json" || fail "bench --json"
/usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["ms_per_step"] > 0 and j["steps"] == 2, j' "$WORK/b.json" || fail "bench --json content"
echo "ok: eval --json and bench --json"
SORTED="$WORK/sorted"; mkdir -p "$SORTED/pig"; printf 'keep me' > "$SORTED/pig/x.jpg"
"$BARNLAB" sort "$WORK/m.barnlab" "$NEW" "$SORTED" --threshold 0 >"$WORK/sort.out" || fail "sort: $(cat "$WORK/sort.out")"
grep -qE "^sorted 3 of 3 photos into $SORTED: " "$WORK/sort.out" || fail "sort line: $(cat "$WORK/sort.out")"
[[ "$(find "$SORTED" -name '*.jpg' | wc -l)" -eq 4 ]] || fail "sort copies: $(find "$SORTED")"
[[ "$(cat "$SORTED/pig/x.jpg")" == "keep me" ]] || fail "sort overwrote a file"
[[ -L "$NEW/x.jpg" && -L "$NEW/sub/x.jpg" && -L "$NEW/a,b.jpg" ]] || fail "sort moved a photo"
[[ -f "$SORTED/barnlab-sort.csv" ]] || fail "sort writes barnlab-sort.csv"
"$BARNLAB" sort "$WORK/m.barnlab" "$NEW" "$WORK/sorted-unsure" --threshold 1 >/dev/null || fail "sort --threshold 1"
[[ "$(ls "$WORK/sorted-unsure/not-sure" | wc -l)" -eq 3 ]] || fail "not-sure folder: $(ls -R "$WORK/sorted-unsure")"
expect_error "sort into its own folder" "outside" "$BARNLAB" sort "$WORK/m.barnlab" "$NEW" "$NEW/out"
echo "ok: sort copies into class folders and not-sure, never moves or overwrites"
"$BARNLAB" export "$WORK/m.barnlab" --onnx "$WORK/m.onnx" >"$WORK/export.out" || fail "export"
grep -qE "^wrote $WORK/m.onnx \([0-9]+ bytes, ONNX opset 13\)" "$WORK/export.out" || fail "export line: $(cat "$WORK/export.out")"
expect_usage "export without --onnx" "export needs MODEL --onnx OUT.onnx" export "$WORK/m.barnlab"
expect_usage "sort arguments" "sort needs MODEL IN_DIR OUT_DIR" sort "$WORK/m.barnlab" "$NEW"
expect_error "predict a missing folder" "no such photo or folder" "$BARNLAB" predict "$WORK/m.barnlab" "$WORK/nowhere"
echo "ok: export --onnx; usage errors exit 2"
FASHION=/usr/share/datasets/fashion-mnist
if [[ -d "$FASHION" ]]; then
  "$BARNLAB" fashion-mnist --preset accurate --epochs 1 --erase 0.25 --tta --limit 400 --test-limit 100 >"$WORK/fm.out" 2>&1 ||
    fail "fashion-mnist --preset: $(cat "$WORK/fm.out")"
  grep -qE '^preset accurate: .*--arch convnet-bn3 .*--ema 0.999 .*--epochs 1 .*--erase 0.25 .*--tta --warmup' "$WORK/fm.out" ||
    fail "fashion preset line: $(cat "$WORK/fm.out")"
  grep -qE '^epoch 1: .* last weights: val_loss=[0-9.]+ val_acc=[0-9.]+$' "$WORK/fm.out" || fail "fashion epoch line: $(cat "$WORK/fm.out")"
  grep -qE '^test accuracy: [0-9.]+$' "$WORK/fm.out" || fail "fashion test line"
  grep -qE '^validation accuracy: [0-9.]+; photo \+ mirror: [0-9.]+$' "$WORK/fm.out" || fail "fashion validation line with the mirror"
  grep -qE '^test accuracy \(photo \+ mirror\): [0-9.]+$' "$WORK/fm.out" || fail "fashion test line with the mirror"
  expect_usage "fashion-mnist preset" "the one preset is accurate" fashion-mnist --preset fast
  expect_usage "fashion-mnist --erase" "chance of erasing a rectangle" fashion-mnist --erase 2
  echo "ok: fashion-mnist --preset accurate, flags over it, clear errors"
fi
echo "all CLI checks passed"
