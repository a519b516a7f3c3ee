#!/usr/bin/env bash
# The README's second command: installs what is missing, builds everything
# (plus a sanitizer build and the fuzzers), and runs every test through
# ctest: engine tests (Catch2), the same under ASan+UBSan, the fuzzer, the
# wasm build's Node tests, the web app's unit, build and end-to-end tests.
# ctest's summary closes the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
setup_all

echo "== building the ASan+UBSan engine tests (build-asan/) and the fuzzers (build-fuzz/)"
cmake -S "$ROOT" -B "$ROOT/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBARNLAB_SANITIZE=ON >/dev/null
cmake --build "$ROOT/build-asan" -j "$JOBS" --target engine_tests
CXX=clang++ cmake -S "$ROOT/tests/fuzz" -B "$ROOT/build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$ROOT/build-fuzz" -j "$JOBS"

cmake -S "$ROOT" -B "$ROOT/build" -DBARNLAB_ASAN_TESTS="$ROOT/build-asan/tests/engine_tests" \
  -DBARNLAB_FUZZ_DIR="$ROOT/build-fuzz" >/dev/null
cd "$ROOT/build"
exec ctest --output-on-failure -j "${CTEST_JOBS:-1}" --timeout 1500
