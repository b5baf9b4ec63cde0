#!/usr/bin/env bash
# ThreadSanitizer run of the CPU unit tests (not part of CI: a separate full build; docs/reliability.md).
#   scripts/tsan.sh [GTEST_FILTER]
# Clang with its own OpenMP runtime (libomp) and libomp's OMPT tool "archer", which tells TSan about
# OpenMP's barriers and reductions; libgomp (GCC's runtime, and OpenBLAS's) is not TSan-aware. OpenBLAS
# runs single-threaded (OPENBLAS_NUM_THREADS=1) so that the libgomp it loads starts no thread, and TSan
# ignores accesses made inside the uninstrumented libraries (ignore_noninstrumented_modules=1): their
# own synchronisation is invisible to it. Every rbmdyn OpenMP loop runs on OMP_NUM_THREADS (default 2)
# threads. Environment: RBMDYN_TSAN_BUILD_DIR (default build-tsan), RBMDYN_TSAN_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${RBMDYN_TSAN_BUILD_DIR:-build-tsan}
filter=${1:--*Mnist*:*EndToEnd*:ClassifierTraining.SmallVariantLearnsDigitsAndNondigits}
archer=$(clang++ -print-resource-dir | sed 's|/lib/clang/.*|/lib|')/libarcher.so
[ -f "$archer" ] || { echo "tsan.sh: $archer not found (Debian: libomp-dev)" >&2; exit 2; }
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRBMDYN_WERROR=ON \
  -DRBMDYN_CUDA=OFF -DRBMDYN_SANITIZE=thread >/dev/null
cmake --build "$build" -j "${RBMDYN_TSAN_JOBS:-$(nproc)}" --target rbmdyn_tests
export RBMDYN_MNIST=${RBMDYN_MNIST:-$(cd .. && pwd)/shared/data/mnist}
OMP_TOOL_LIBRARIES="$archer" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} OMP_WAIT_POLICY=passive \
  TSAN_OPTIONS="ignore_noninstrumented_modules=1 halt_on_error=0 ${TSAN_OPTIONS:-}" \
  "$build/tests/rbmdyn_tests" --gtest_filter="$filter" 2>&1 | tee "$build/tsan.log" | grep -E '^\[  (PASSED|FAILED) ' || true
reports=$(grep -c 'WARNING: ThreadSanitizer' "$build/tsan.log" || true)
echo "tsan.sh: $reports ThreadSanitizer reports (log: $build/tsan.log)"
[ "$reports" -eq 0 ]
