#!/usr/bin/env bash
# Installs what is missing on a Debian 12 machine (run as root) and builds
# everything: the native engine, CLI and tests (build/), the WebAssembly
# modules (build-wasm/ -> web/src/engine/wasm/), and the web app (web/dist)
# with its sample projects. Safe to run again: it skips what is done.
# Sourced by scripts/start.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export NODE_PATH=/usr/share/nodejs   # Debian's em++ loads Debian's acorn from here
JOBS="$(nproc)"

DEB_PACKAGES=(cmake ninja-build g++ clang libclang-rt-14-dev pkg-config
  libeigen3-dev catch2 libstb-dev zlib1g-dev dataset-fashion-mnist
  emscripten chromium fonts-nanum nodejs npm   # fonts-nanum: Korean text in the headless screenshots
  python3-onnx python3-torch libopenblas0-pthread)  # interop tests: the ONNX checker, PyTorch

install_packages() {
  local missing=()
  for p in "${DEB_PACKAGES[@]}"; do
    # node/npm may come from elsewhere (e.g. NodeSource); only install if absent.
    if [[ $p == nodejs ]] && command -v node >/dev/null; then continue; fi
    if [[ $p == npm ]] && command -v npm >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing Debian packages: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
      echo "error: run as root (apt-get needs it) or install: ${missing[*]}" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

install_npm() {
  if [[ ! -d "$ROOT/web/node_modules" || "$ROOT/web/package-lock.json" -nt "$ROOT/web/node_modules/.package-lock.json" ]]; then
    echo "== installing npm packages (web/)"
    # onnxruntime-node (the ONNX export tests) ships its CPU runtime; its install
    # script would download GPU (CUDA) files: skip that.
    ONNXRUNTIME_NODE_INSTALL=skip npm --prefix "$ROOT/web" ci --no-audit --no-fund
  fi
}

build_native() {
  echo "== building the native engine, CLI and tests (build/)"
  cmake -S "$ROOT" -B "$ROOT/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DBARNLAB_WASM_DIR="$ROOT/web/src/engine/wasm" >/dev/null
  cmake --build "$ROOT/build" -j "$JOBS"
}

build_wasm() {
  echo "== building the WebAssembly modules (build-wasm/)"
  emcmake cmake -S "$ROOT" -B "$ROOT/build-wasm" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ROOT/build-wasm" -j "$JOBS"
}

build_web() {
  echo "== building the web app (web/dist)"
  npm --prefix "$ROOT/web" run build
}

setup_all() {
  install_packages
  install_npm
  build_native
  build_wasm
  build_web
}
