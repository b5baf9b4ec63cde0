#!/usr/bin/env bash
# The GPU check for a lent H100/H200 machine (README "Checking the GPU path").
# In ONE call it unpacks the carried build dependencies, configures and builds the device targets
# (rbmdyn, rbmdyn_gpu_tests, rbmdyn_bench), runs the GPU tests in one process, a short end-to-end
# reproduction on the GPU and the CUDA benchmarks, and prints a summary table LAST (the device tool
# returns only the tail of the output). Logs go to $OUT, at most 8 files.
#
#   here, once:   scripts/device-deps.sh        (.deb files + MNIST into the git-ignored .data, ~31 MB)
#   the call:     run(command="scripts/gpu-check.sh", carry=[".data"], timeout_s=600)
#
# Modes, one per call:
#   (none)            deps, configure, build, devices, GPU tests, quick reproduction, benchmarks
#   --full-reproduce  deps, configure, build (a no-op on a still-warm machine), the full reproduction
#                     over 3 seeds (side by side); report.md, fidelity.md and the forest plot come back
#   --sanitize        deps, configure, build, compute-sanitizer memcheck over the GPU tests (the heavy
#                     end-to-end ones left out) and racecheck over the kernels that use shared memory
#   --dry-run         on a machine WITHOUT a GPU, as root: inside a private mount namespace, hide the
#                     system copies of every package scripts/device-deps.sh downloads and of cuDNN
#                     (scripts/dry-run-mask.py), stand in for the cuDNN wheel, then configure and build
#                     the device targets against the unpacked packages alone, run `rbmdyn devices` and
#                     the GPU tests (which must pass or skip: no device). Without permission for
#                     `unshare -m` it falls back to a configure with CMAKE_FIND_ROOT_PATH (=ONLY modes),
#                     which cannot hide the compiler's own include folders, and says so.
#   --dry-run --probe the same, but instead of the whole build one object file per dependency header
#                     (a minute or two on 2 cores; what CI runs)
#
# One deadline, RBMDYN_GPU_DEADLINE_S (default 540 s, under the tool's 600 s), bounds the whole call:
# every stage runs under min(its ceiling, time left − 10 s), and the summary is printed on exit
# whatever happened. Ceilings (s): deps 30, configure 60, build 200, devices 10, GPU tests 100, quick
# reproduction 120; they add up to 520, and the benchmarks get whatever is left (≥ 10 s). The dry run,
# on 2 cores, has its own: deadline 2700 s, build 2400 s.
# Other settings: OUT (logs; default <build>/check-out), RBMDYN_DEPS_DIR (default .data),
# RBMDYN_GPU_BUILD_DIR (default build-gpu; build-dryrun for the dry run), RBMDYN_GPU_BUILD_S (the build's
# ceiling),
# CUDNN_ROOT (default: beside the toolkit, else the nvidia-cudnn-cu13 wheel python3 finds).
set -uo pipefail
{ # The whole script is one block, read before it runs: editing the file meanwhile cannot derail it.
cd "$(dirname "$0")/.."
repo=$PWD

mode=default
probe=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) mode=dry-run ;;
    --probe) probe=1 ;;
    --full-reproduce) mode=full-reproduce ;;
    --sanitize) mode=sanitize ;;
    -h|--help) sed -n '2,/^set -uo/{/^set -uo/!p}' "$0"; exit 0 ;;
    *) echo "gpu-check.sh: unknown option '$arg' (known: --dry-run [--probe], --full-reproduce, --sanitize)" >&2; exit 2 ;;
  esac
done
[ "$probe" = 1 ] && [ "$mode" != dry-run ] && { echo "gpu-check.sh: --probe goes with --dry-run" >&2; exit 2; }

deps_dir=${RBMDYN_DEPS_DIR:-.data}
if [ "$mode" = dry-run ]; then build=build-dryrun; else build=build-gpu; fi
build=${RBMDYN_GPU_BUILD_DIR:-$build}

# --- the dry run re-executes itself in a private mount namespace, where the system copies are hidden ---
if [ "$mode" = dry-run ] && [ -z "${RBMDYN_DRY_RUN_NS:-}" ]; then
  ls "$deps_dir"/debs/*.deb >/dev/null 2>&1 || scripts/device-deps.sh "$deps_dir" || exit 1
  # RBMDYN_DRY_RUN_NO_UNSHARE=1 takes the fallback on purpose (to test it).
  if [ -z "${RBMDYN_DRY_RUN_NO_UNSHARE:-}" ] && [ "$(id -u)" -eq 0 ] && unshare -m --propagation private true 2>/dev/null; then
    # The views and the stand-in wheel live in RBMDYN_MASK_DIR; it is removed here, outside the
    # namespace, once its bind mounts are gone with it (never from inside: they reach system folders).
    # A fixed path, so that the stand-in cuDNN's -I folder is the same in every dry run (ccache).
    RBMDYN_MASK_DIR=$repo/$build/mask
    rm -rf --one-file-system "$RBMDYN_MASK_DIR"
    mkdir -p "$RBMDYN_MASK_DIR"
    RBMDYN_DRY_RUN_NS=masked RBMDYN_MASK_DIR=$RBMDYN_MASK_DIR unshare -m --propagation private "$0" "$@"
    rc=$?
    rm -rf --one-file-system "$RBMDYN_MASK_DIR"
    exit $rc
  fi
  echo "gpu-check.sh: cannot make a private mount namespace here (needs root and unshare -m);" \
       "falling back to a configure with CMAKE_FIND_ROOT_PATH, which cannot hide the compiler's own" \
       "include folders (/usr/include): the build is not tried" >&2
  export RBMDYN_DRY_RUN_NS=find-root
fi

out=${OUT:-$repo/$build/check-out}
mkdir -p "$out"
(cd "$out" && rm -f machine.txt build.log gpu-tests.log reproduce.log report.md fidelity.md sensitivity.json sensitivity_summary.csv forest.png bench.log sanitize.log summary.txt)
# The dry run builds on a development machine or CI (2 cores, not 16): its own, longer limits.
build_ceiling=200
default_deadline=540
if [ "$mode" = dry-run ]; then build_ceiling=2400; default_deadline=2700; fi
build_ceiling=${RBMDYN_GPU_BUILD_S:-$build_ceiling}
deadline_s=${RBMDYN_GPU_DEADLINE_S:-$default_deadline}
start=$(date +%s)
deadline=$((start + deadline_s))
failed=0   # the exit status: 1 when a stage failed or timed out
rows=()    # summary table rows
notes=()   # lines printed above the table

# stage NAME CEILING LOG CMD...: runs CMD (stdout and stderr appended to $out/LOG) under
# min(CEILING, time left − 10 s) and records the outcome; returns CMD's exit status (124: timeout).
stage() {
  local name=$1 ceiling=$2 log=$3
  shift 3
  local limit=$((deadline - $(date +%s) - 10))
  ((limit > ceiling)) && limit=$ceiling
  if ((limit < 5)); then
    rows+=("$(printf '%-15s %-22s %5s %6s  %s' "$name" "NO TIME LEFT" 0 "$limit" "$log")")
    failed=1
    return 124
  fi
  echo "== $name (limit ${limit}s): $*" >>"$out/$log"
  local t0
  t0=$(date +%s)
  timeout -k 5 "$limit" "$@" >>"$out/$log" 2>&1
  local rc=$?
  local outcome=ok
  ((rc != 0)) && outcome="FAILED (exit $rc)" && failed=1
  ((rc == 124 || rc == 137)) && outcome="TIMEOUT"
  rows+=("$(printf '%-15s %-22s %5s %6s  %s' "$name" "$outcome" "$(($(date +%s) - t0))" "$limit" "$log")")
  return $rc
}
skip() { rows+=("$(printf '%-15s %-22s %5s %6s  %s' "$1" "skipped ($2)" 0 - -)"); }

finish() {
  local script_status=$?  # an `exit 1` after a failed stage, or 0
  trap - EXIT
  {
    for n in "${notes[@]}"; do [ -n "$n" ] && echo "$n"; done
    echo "== rbmdyn GPU check ($mode): $(head -1 "$out/machine.txt" 2>/dev/null) =="
    printf '%-15s %-22s %5s %6s  %s\n' stage result "s" limit log
    printf '%s\n' "${rows[@]}"
    echo "total $(($(date +%s) - start)) s of $deadline_s; logs in $out ($(ls "$out" | wc -l) files)"
  } | tee "$out/summary.txt"
  (($(ls "$out" | wc -l) <= 8)) || echo "gpu-check.sh: WARNING: more than 8 files in $out; the device tool returns only 8"
  exit $((failed || script_status))
}
trap finish EXIT

# --- stages -------------------------------------------------------------------------------------------

machine_info() {
  {
    if command -v nvidia-smi >/dev/null 2>&1; then
      timeout 10 nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader
    else
      echo "no nvidia-smi (no GPU driver)"
    fi
    nvcc --version | tail -1
    cmake --version | head -1
    echo "commit $(git log -1 --format='%h %s' 2>/dev/null || echo unknown); $(nproc) CPUs; $(date -u +%F)"
  } >"$out/machine.txt" 2>&1
}

command -v nvcc >/dev/null 2>&1 || export PATH=/usr/local/cuda/bin:$PATH
machine_info

cudnn_root=${CUDNN_ROOT:-}
if [ "${RBMDYN_DRY_RUN_NS:-}" = masked ]; then  # before the unpack, which links what the machine lacks
  stage mask 60 build.log python3 scripts/dry-run-mask.py "$RBMDYN_MASK_DIR" $(scripts/device-deps.sh packages) || exit 1
  cudnn_root=$RBMDYN_MASK_DIR/nvidia-cudnn-wheel
  notes+=("dry run: the system copies of $(scripts/device-deps.sh packages | wc -l) packages (and their relatives) and of cuDNN are hidden; cuDNN comes from a stand-in wheel, $cudnn_root")
fi

prefix=$repo/$build/deps
stage deps 30 build.log scripts/device-deps.sh unpack "$deps_dir" "$prefix" || exit 1
if [ -d "$deps_dir/mnist" ]; then export RBMDYN_MNIST=${RBMDYN_MNIST:-$repo/$deps_dir/mnist}; fi
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
# The unpacked headers of <multiarch>/ folders (OpenSSL's opensslconf.h) are not on the compiler's
# built-in path as the system's /usr/include/<multiarch> is.
export CPATH=$prefix/usr/include/$multiarch${CPATH:+:$CPATH}
export LD_LIBRARY_PATH=$prefix/rtlib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

# cuDNN: CUDNN_ROOT, else beside the toolkit (or in /usr), else inside the nvidia-cudnn-cu13 wheel.
if [ -z "$cudnn_root" ]; then
  toolkit=$(dirname "$(dirname "$(command -v nvcc)")")
  found=""
  for h in "$toolkit/include/cudnn_version.h" /usr/include/cudnn_version.h /usr/include/$multiarch/cudnn_version.h; do
    [ -e "$h" ] && found=$h
  done
  if [ -z "$found" ]; then
    cudnn_root=$(python3 -c "import nvidia.cudnn, os; print(list(nvidia.cudnn.__path__)[0])" 2>/dev/null || true)
  fi
fi
# CUDNN_ROOT is always given, empty when cuDNN is beside the toolkit, so that a reused build folder
# never keeps an earlier run's choice.
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 -DRBMDYN_CUDA=ON
            -DCMAKE_PREFIX_PATH="$prefix/usr" -DCUDNN_ROOT="$cudnn_root")
[ -n "$cudnn_root" ] && export LD_LIBRARY_PATH=$cudnn_root/lib:$LD_LIBRARY_PATH
[ "$mode" = dry-run ] && cmake_args+=(-DRBMDYN_WERROR=ON)
echo "cuDNN: ${cudnn_root:-beside the CUDA toolkit}" >>"$out/machine.txt"

if [ "${RBMDYN_DRY_RUN_NS:-}" = find-root ]; then
  cuda_root=$(dirname "$(dirname "$(readlink -f "$(command -v nvcc)")")")
  stage configure 60 build.log cmake -S . -B "$build-findroot" "${cmake_args[@]}" -DCUDNN_ROOT="$cuda_root" \
    -DCMAKE_FIND_ROOT_PATH="$prefix;$cuda_root" -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=ONLY \
    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY || exit 1
  skip build "fallback: configure only"
  exit 0
fi

stage configure 60 build.log cmake -S . -B "$build" "${cmake_args[@]}" || exit 1

# --probe: instead of the whole build, compile one object file per dependency header (the first .cpp
# of the device targets that includes it, directly or through a project header): proves the headers
# come from the unpacked prefix in a fraction of the time (CI runs this).
probe_objects() {
  local header src obj targets
  targets=$(ninja -C "$build" -t targets all 2>/dev/null | grep -oE '^[^:]+\.cpp\.o' | grep -E 'rbmdyn_core|rbmdyn\.dir|rbmdyn_bench|rbmdyn_gpu_tests')
  for header in nlohmann/json.hpp png.h zlib.h openssl/ cblas.h cudnn.h CLI/CLI.hpp benchmark/benchmark.h gtest/gtest.h; do
    src=$(grep -rlE "#include [<\"]$header" host apps tests/gpu --include='*.cpp' | sort | head -1)
    if [ -z "$src" ]; then  # included by a project header only: a .cpp that includes that header
      local hpp
      hpp=$(grep -rlE "#include [<\"]$header" host apps tests/gpu --include='*.hpp' | sort | head -1)
      [ -n "$hpp" ] && src=$(grep -rlF "#include \"$hpp\"" host apps tests/gpu --include='*.cpp' | sort | head -1)
    fi
    [ -n "$src" ] || { echo "probe: nothing includes $header" >&2; continue; }
    obj=$(echo "$targets" | grep -F "/${src#*/}.o" | head -1)
    [ -n "$obj" ] && echo "$obj"
  done | sort -u
}
if [ "$probe" = 1 ]; then
  objects=$(probe_objects)
  notes+=("probe objects (one per dependency header):" "$(echo "$objects" | tr '\n' ' ')")
  stage probe 600 build.log cmake --build "$build" -j "$(nproc)" --target $objects
  skip gpu-tests "probe: no link"
  exit
fi
stage build "$build_ceiling" build.log cmake --build "$build" --target rbmdyn rbmdyn_gpu_tests rbmdyn_bench -j "$(nproc)" ||
  { notes+=("build failed; from build.log:" "$(grep -E 'error|FAILED' "$out/build.log" | head -15)" "$(tail -3 "$out/build.log")"); exit 1; }
stage devices 10 machine.txt "$build/apps/rbmdyn" devices
# Where the loader finds the carried libraries (rtlib: only those this machine lacks) and cuDNN.
ldd "$build/apps/rbmdyn" 2>&1 | grep -E 'openblas|png|crypto|cudnn|cublas.so|gfortran|not found' >>"$out/machine.txt"

# gtest's closing lines → "N passed, M failed, K skipped" for the table.
gtest_counts() {
  local log=$1 passed failed skipped
  passed=$(grep -oE '^\[  PASSED  \] [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$')
  failed=$(grep -oE '^\[  FAILED  \] [0-9]+ test' "$log" | tail -1 | grep -oE '[0-9]+' | head -1)
  skipped=$(grep -oE '^\[  SKIPPED \] [0-9]+ test' "$log" | tail -1 | grep -oE '[0-9]+' | head -1)
  echo "(${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped)"
}
run_gpu_tests() {
  stage gpu-tests 100 gpu-tests.log "$build/tests/rbmdyn_gpu_tests" --gtest_brief=1
  local rc=$?
  rows[-1]="${rows[-1]/gpu-tests.log/gpu-tests.log $(gtest_counts "$out/gpu-tests.log")}"
  notes+=("$(grep -E '^\[  FAILED  \] [A-Za-z]' "$out/gpu-tests.log" | head -20)")
  return $rc
}

case "$mode" in
  dry-run)
    run_gpu_tests
    notes+=("rbmdyn devices and the loader:" "$(sed -n '/^rbmdyn /,$p' "$out/machine.txt")")
    skip reproduce "dry run: no GPU"
    skip bench "dry run: no GPU" ;;
  default)
    run_gpu_tests
    scratch=$(mktemp -d /tmp/rbmdyn-e2e.XXXXXX)  # models and arrays stay on the machine; the report comes back
    stage reproduce 120 reproduce.log "$build/apps/rbmdyn" reproduce --quick --device cuda --quiet --no-k-control \
      --mnist "$RBMDYN_MNIST" --out "$scratch"
    cp "$scratch/report.md" "$scratch/fidelity.md" "$scratch/sensitivity.json" "$out/" 2>/dev/null
    notes+=("$(grep -E '^\[reproduce|error' "$out/reproduce.log" | tail -6)")
    stage bench 100000 bench.log "$build/apps/rbmdyn_bench" --benchmark_filter=cuda --benchmark_min_time=0.2
    # A failing benchmark does not stop the others (nor change the exit status): count them.
    bench_errors=$(grep -c 'ERROR OCCURRED' "$out/bench.log")
    rows[-1]="${rows[-1]/bench.log/bench.log ($bench_errors with errors)}"
    notes+=("== benchmarks ==" "$(grep -E '^(cd1|dbn|gibbs|classifier|metrics|sweep)/' "$out/bench.log" | cut -c1-150)") ;;
  full-reproduce)
    scratch=$(mktemp -d /tmp/rbmdyn-full.XXXXXX)
    # Three seeds (side by side where memory allows) so that the fidelity table has a spread: does the
    # paper classifier close the gap to the paper's numbers?
    stage reproduce 100000 reproduce.log "$build/apps/rbmdyn" reproduce --device cuda --quiet --seeds 3 \
      --mnist "$RBMDYN_MNIST" --out "$scratch"
    cp "$scratch/report.md" "$scratch/fidelity.md" "$scratch/sensitivity.json" "$scratch/sensitivity_summary.csv" \
      "$scratch/forest.png" "$out/" 2>/dev/null
    notes+=("$(grep -E '^\[reproduce|error' "$out/reproduce.log" | tail -8)") ;;
  sanitize)
    # memcheck slows kernels 10-100×: the MNIST-training and whole-sweep tests stay out.
    stage memcheck 250 sanitize.log compute-sanitizer --tool memcheck --error-exitcode 1 \
      "$build/tests/rbmdyn_gpu_tests" --gtest_brief=1 --gtest_filter='-SweepCuda.*:Cd1Cuda.FewEpochs*:ClassifierGpu.Paper*'
    # Shared memory: the Gibbs tiles and block sums (gibbs, CD-1 reconstruction error, step statistics).
    stage racecheck 150 sanitize.log compute-sanitizer --tool racecheck --error-exitcode 1 \
      "$build/tests/rbmdyn_gpu_tests" --gtest_brief=1 \
      --gtest_filter='Kernels/Parity.*gibbs*:Kernels/Parity.*reconstruction*:Kernels/Parity.*sum_row*'
    notes+=("$(grep -E 'ERROR SUMMARY|Race reported|Invalid' "$out/sanitize.log" | sort | uniq -c | head -12)") ;;
esac
exit
}
