#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite on a fresh machine (CI runs exactly this).
#   1. installs the build dependencies (scripts/setup.sh, idempotent);
#   2. configures and builds the CUDA configuration where nvcc exists (warnings are errors) and runs
#      every test: CPU unit tests, CLI tests, short real-MNIST runs, and the GPU parity tests, which
#      skip with their reason where no GPU is present;
#   3. configures and builds the sanitizer configuration: Clang, CPU only (-DRBMDYN_CUDA=OFF), warnings
#      as errors, AddressSanitizer + UndefinedBehaviorSanitizer and the libFuzzer targets
#      (cmake/RbmdynFuzz.cmake); runs its CPU unit tests (all but the few named below), a 3-second
#      smoke run of every fuzz target from its seed corpus, and the bad-input table (every case one clear
#      error; docs/reliability.md's copy up to date). This proves the engine builds and works without
#      nvcc, as the former GCC CPU-only step did, and that the tests raise no sanitizer report
#      (docs/reliability.md). The closing lines give each step's time.
# MNIST: $RBMDYN_MNIST, else ../shared/data/mnist beside the checkout (required: tests fail without it).
# Environment: RBMDYN_BUILD_DIR (default build), RBMDYN_SKIP_CPU_ONLY=1 to skip step 3,
# RBMDYN_FUZZ_SMOKE_SECONDS (default 3) for the fuzz smoke run,
# RBMDYN_GPU_DRY_RUN=probe|full|off (default probe: the GPU machine's configure, see below).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --plots --fuzz

jobs=$(nproc)
build=${RBMDYN_BUILD_DIR:-build}
export RBMDYN_MNIST=${RBMDYN_MNIST:-$(cd .. && pwd)/shared/data/mnist}
export RBMDYN_REQUIRE_MNIST=1
# Tests run in parallel on few cores: idle OpenMP threads must sleep, not spin (spinning made 2-thread
# runs 5-10x slower under load). Benchmarks and the main job keep the default.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}

setup_s=$SECONDS start=$SECONDS
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRBMDYN_WERROR=ON
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 900
gpu_line=$(scripts/gpu-test-summary.sh "$build")  # ctest counts skips as passes: say how many GPU tests ran
times="setup $setup_s s, build and tests $((SECONDS - start)) s"

# The lent GPU machine's build path, proven without a GPU: the system copies of the Debian -dev
# packages hidden, a configure against the .deb files scripts/device-deps.sh downloads, and one object
# per dependency compiled (README, "Checking the GPU path"). RBMDYN_GPU_DRY_RUN=full builds the three
# device targets there and runs the GPU tests too (a second CUDA build: minutes); =off skips it.
if command -v nvcc >/dev/null 2>&1 && [ "${RBMDYN_GPU_DRY_RUN:-probe}" != off ]; then
  dry_run_args=(--dry-run --probe)
  [ "${RBMDYN_GPU_DRY_RUN:-probe}" = full ] && dry_run_args=(--dry-run)
  start=$SECONDS
  scripts/gpu-check.sh "${dry_run_args[@]}"
  times="$times, GPU dry run $((SECONDS - start)) s"
fi

if [ "${RBMDYN_SKIP_CPU_ONLY:-0}" != 1 ]; then
  san="$build-sanitize"
  start=$SECONDS
  CC=clang CXX=clang++ cmake -S . -B "$san" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRBMDYN_WERROR=ON \
    -DRBMDYN_CUDA=OFF -DRBMDYN_FUZZ=ON
  cmake --build "$san" -j "$jobs" --target rbmdyn rbmdyn_tests
  # Not run here: the real-MNIST suites (named *Mnist* or *EndToEnd*; they ran in step 2) and
  # ClassifierTraining.SmallVariant..., a learning-quality run (minutes of the same layer code that the
  # gradient and determinism tests cover) that takes over 10 minutes under the sanitizers.
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    ctest --test-dir "$san" --output-on-failure -j "$jobs" --timeout 900 \
    -E "Mnist|EndToEnd|ClassifierTraining.SmallVariantLearnsDigitsAndNondigits"
  times="$times, sanitizer build and tests $((SECONDS - start)) s"
  start=$SECONDS
  RBMDYN_FUZZ_BUILD_DIR="$san" RBMDYN_FUZZ_JOBS="$jobs" scripts/fuzz.sh "${RBMDYN_FUZZ_SMOKE_SECONDS:-3}"
  python3 tests/fuzz/bad_input_table.py "$san" --check docs/reliability.md
  times="$times, fuzz smoke and bad-input table $((SECONDS - start)) s"
fi
echo "rbmdyn: step times: $times"
echo "$gpu_line"
echo "rbmdyn: all tests passed"
