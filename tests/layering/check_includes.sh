#!/usr/bin/env bash
# Every dependency of the engine points down. Each folder of engine/ has a
# level; a file may include its own folder's headers and those of folders
# on lower levels, never a sibling's or a higher one's. README.md's layout
# section shows the same levels:
#
#   0 core   1 ops   2 layers, data   3 optimizers, check   4 model
#   5 train, interop  6 lab   7 app, cli       8 wasm/ (the bindings, over app and lab)
#
# Usage: check_includes.sh ROOT  (ROOT holds engine/ and wasm/). Prints each
# upward include and exits 1 if there is one.
set -euo pipefail
ROOT="${1:?usage: check_includes.sh ROOT}"

level() {
  case "$1" in
    core) echo 0 ;; ops) echo 1 ;; layers | data) echo 2 ;; optimizers | check) echo 3 ;;
    model) echo 4 ;; train | interop) echo 5 ;; lab) echo 6 ;; app | cli) echo 7 ;; wasm) echo 8 ;;
    *) echo -1 ;;
  esac
}

bad=0
checked=0
while IFS= read -r file; do
  rel="${file#"$ROOT"/}"
  if [[ "$rel" == wasm/* ]]; then from=wasm; else from="$(cut -d/ -f2 <<<"$rel")"; fi
  from_level="$(level "$from")"
  if [[ "$from_level" -lt 0 ]]; then
    echo "$rel: folder engine/$from has no level: add it to tests/layering/check_includes.sh and README.md's layout"
    bad=1
    continue
  fi
  checked=$((checked + 1))
  while IFS=: read -r line target; do
    target="${target#*\"}"; target="${target%%\"*}"
    if [[ "$target" != */* ]]; then
      echo "$rel:$line: #include \"$target\": write engine includes from engine/ (\"folder/file.h\")"
      bad=1
      continue
    fi
    to="${target%%/*}"
    [[ "$to" == "$from" ]] && continue
    to_level="$(level "$to")"
    if [[ "$to_level" -lt 0 ]]; then
      echo "$rel:$line: #include \"$target\": engine/$to is not a folder of the engine"
      bad=1
    elif [[ "$to_level" -ge "$from_level" ]]; then
      echo "$rel:$line: #include \"$target\" points upward or sideways: $from (level $from_level) may not include $to (level $to_level); move the code down or the include up"
      bad=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" || true)
done < <(find "$ROOT/engine" "$ROOT/wasm" -type f \( -name '*.h' -o -name '*.cpp' \) 2>/dev/null | sort)

if [[ "$checked" -eq 0 ]]; then echo "no engine sources under $ROOT"; exit 1; fi
if [[ "$bad" -ne 0 ]]; then exit 1; fi
echo "include directions ok: $checked files, every include points down"
