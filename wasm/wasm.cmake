# The WebAssembly build, included by the top-level CMakeLists.txt when
# configured with `emcmake cmake` (barnlab_engine is already defined from
# engine/**/*.cpp minus engine/cli). It builds two ES-module flavours of the
# Embind layer (wasm/bindings.cpp: Engine; wasm/lab_bindings.cpp: Lab) and copies them to web/src/engine/wasm/:
#
#   barnlab.js / barnlab.wasm        single-threaded, wasm SIMD
#   barnlab-mt.js / barnlab-mt.wasm  pthreads (a pool of Web Workers), SIMD;
#                                    needs a cross-origin isolated page
#                                    (COOP/COEP) for SharedArrayBuffer. Older
#                                    Emscripten also writes barnlab-mt.worker.js.
#
# The engine is compiled twice: barnlab_engine (-msimd128) for the first and
# barnlab_engine_mt (-msimd128 -pthread) for the second, because objects
# linked into a pthreads module must be built with atomics.
#
#   export NODE_PATH=/usr/share/nodejs   # Debian's emscripten needs it
#   emcmake cmake -S . -B build-wasm -G Ninja && cmake --build build-wasm

set(BARNLAB_WASM_OUT_DIR ${CMAKE_CURRENT_SOURCE_DIR}/web/src/engine/wasm
    CACHE PATH "where the built .js/.wasm files are copied for the web app")
set(BARNLAB_WASM_MAX_MEMORY 1GB CACHE STRING "MAXIMUM_MEMORY of both modules")
set(BARNLAB_WASM_MAX_THREADS 8 CACHE STRING
    "cap of the pthread pool (the pool holds min(cores, cap) workers)")

# stb_image is header-only and lives outside Emscripten's sysroot.
find_path(STB_INCLUDE_DIR stb_image.h PATHS /usr/include /usr/local/include PATH_SUFFIXES stb
          NO_CMAKE_FIND_ROOT_PATH REQUIRED)

# -fexceptions: barnlab::Error must be catchable in C++ so the bindings can
# turn it into a JavaScript Error (Emscripten's default aborts on throw).
# BARNLAB_WASM_EXCEPTIONS=wasm builds with -fwasm-exceptions instead (native
# wasm exception handling, no JavaScript trampolines around calls that may
# throw), for measuring it against the default in web/bench.
set(BARNLAB_WASM_EXCEPTIONS js CACHE STRING "C++ exceptions in wasm: js (-fexceptions) or wasm (-fwasm-exceptions)")
if(BARNLAB_WASM_EXCEPTIONS STREQUAL "wasm")
  set(BARNLAB_WASM_EH -fwasm-exceptions)
else()
  set(BARNLAB_WASM_EH -fexceptions)
endif()
set(BARNLAB_WASM_CXX_FLAGS -O3 -msimd128 ${BARNLAB_WASM_EH})

# Link flags common to both flavours. ENVIRONMENT includes node for the Node
# tests (node_esm_shim.js makes the ES module loadable there); FILESYSTEM=0
# because the engine takes bytes, never paths, in wasm.
# DYNAMIC_EXECUTION=0: Embind builds its wrappers without eval/new Function,
# so the app's Content-Security-Policy needs no 'unsafe-eval' (only
# 'wasm-unsafe-eval' for compiling the module).
set(BARNLAB_WASM_LINK_FLAGS
    -O3 -msimd128 ${BARNLAB_WASM_EH} --bind
    -sMODULARIZE=1 -sEXPORT_ES6=1
    -sFILESYSTEM=0
    -sENVIRONMENT=web,worker,node
    -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=${BARNLAB_WASM_MAX_MEMORY}
    -sASSERTIONS=0
    -sDYNAMIC_EXECUTION=0
    --extern-pre-js ${CMAKE_CURRENT_SOURCE_DIR}/wasm/node_esm_shim.js)

# The engine's compile settings beyond what the top level gave barnlab_engine.
function(barnlab_wasm_engine_flags target)
  target_compile_options(${target} PUBLIC ${BARNLAB_WASM_CXX_FLAGS} ${ARGN})
  target_include_directories(${target} PRIVATE ${STB_INCLUDE_DIR})
endfunction()

barnlab_wasm_engine_flags(barnlab_engine)

add_library(barnlab_engine_mt STATIC ${BARNLAB_ENGINE_SOURCES})
target_include_directories(barnlab_engine_mt PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/engine)
target_link_libraries(barnlab_engine_mt PUBLIC Eigen3::Eigen)
target_compile_definitions(barnlab_engine_mt PUBLIC EIGEN_DONT_PARALLELIZE EIGEN_NO_DEBUG)
barnlab_wasm_engine_flags(barnlab_engine_mt -pthread)
target_link_options(barnlab_engine_mt PUBLIC -pthread)

# A module from wasm/bindings.cpp + lab_bindings.cpp: target, output base name, engine library,
# extra link flags. Copies its outputs to BARNLAB_WASM_OUT_DIR after linking.
function(barnlab_wasm_module target name engine)
  set(extra_outputs ${ARGN})
  list(FILTER extra_outputs INCLUDE REGEX "\\.js$")
  set(flags ${ARGN})
  list(FILTER flags EXCLUDE REGEX "\\.js$")
  add_executable(${target} ${CMAKE_CURRENT_SOURCE_DIR}/wasm/bindings.cpp
                           ${CMAKE_CURRENT_SOURCE_DIR}/wasm/lab_bindings.cpp)
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name} SUFFIX ".js")
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})  # "wasm/guard.h"
  target_link_libraries(${target} PRIVATE ${engine})
  target_link_options(${target} PRIVATE ${BARNLAB_WASM_LINK_FLAGS} ${flags})
  set_target_properties(${target} PROPERTIES LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/wasm/node_esm_shim.js)
  set(files ${name}.js ${name}.wasm ${extra_outputs})
  list(TRANSFORM files PREPEND ${CMAKE_CURRENT_BINARY_DIR}/)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory ${BARNLAB_WASM_OUT_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy ${files} ${BARNLAB_WASM_OUT_DIR}
    COMMENT "Copying ${name} to ${BARNLAB_WASM_OUT_DIR}")
endfunction()

barnlab_wasm_module(barnlab_wasm barnlab barnlab_engine -sEXPORT_NAME=createBarnlab)

# The pool is created when the module starts: a thread asked for beyond it
# could only start after the calling thread yields to the event loop, which
# the engine's pool never does (it would deadlock), so the pool covers every
# thread the web app asks for (setThreads(min(cores, 8)) -> 7 workers).
set(BARNLAB_WASM_POOL
    "Math.min(${BARNLAB_WASM_MAX_THREADS},(globalThis.navigator&&navigator.hardwareConcurrency)||2)")
set(BARNLAB_WASM_MT_EXTRA)
if(EMSCRIPTEN_VERSION VERSION_LESS 3.1.58)
  set(BARNLAB_WASM_MT_EXTRA barnlab-mt.worker.js)
endif()
barnlab_wasm_module(barnlab_wasm_mt barnlab-mt barnlab_engine_mt
  -pthread -sEXPORT_NAME=createBarnlabMt "-sPTHREAD_POOL_SIZE=${BARNLAB_WASM_POOL}"
  ${BARNLAB_WASM_MT_EXTRA})

# The GEMM kernel's correctness check and benchmark (not built by default):
#   cmake --build build-wasm --target gemm_check gemm_bench
#   node build-wasm/gemm_check.js && node build-wasm/gemm_bench.js
foreach(prog gemm_check gemm_bench)
  add_executable(${prog} EXCLUDE_FROM_ALL ${CMAKE_CURRENT_SOURCE_DIR}/tests/wasm/${prog}.cpp)
  target_link_libraries(${prog} PRIVATE barnlab_engine)
  # One file (the .wasm inlined): Node 20's fetch cannot load a file path.
  target_link_options(${prog} PRIVATE -O3 -msimd128 ${BARNLAB_WASM_EH} -sALLOW_MEMORY_GROWTH=1
                      -sSINGLE_FILE=1)
endforeach()
