#!/usr/bin/env bash
# One-shot GPU check for a lent machine (../shared/docs/device.md): configure, build, run the GPU
# parity tests, the CUDA benchmarks and a full reproduction on the GPU, then print a summary table LAST
# (the device tool returns only the tail of the output). Logs go to $OUT (at most 8 files come back).
#
# Before the call, copy MNIST into the checkout (never committed; .data/ is git-ignored):
#   mkdir -p .data/mnist && cp ../shared/data/mnist/*.gz .data/mnist/
# then: run(command="scripts/gpu-check.sh", carry=[".data"], timeout_s=590)
#
# Each stage has its own time limit so that one slow stage cannot eat the whole budget:
#   RBMDYN_GPU_BUILD_S (300), RBMDYN_GPU_TEST_S (150), RBMDYN_GPU_BENCH_S (150), RBMDYN_GPU_REPRO_S (300).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-$PWD/gpu-check-out}
mkdir -p "$out"
summary=()
step() {  # step NAME LOG LIMIT_S CMD...: runs CMD under a time limit, appends to LOG, records the outcome
  local name=$1 log=$2 limit=$3; shift 3
  local t0; t0=$(date +%s)
  timeout "$limit" "$@" >>"$out/$log" 2>&1
  local rc=$?
  local outcome=ok
  [ $rc -ne 0 ] && outcome="FAIL($rc)"
  [ $rc -eq 124 ] && outcome="TIMEOUT"
  summary+=("$(printf '%-16s %-9s %5ss  %s' "$name" "$outcome" "$(( $(date +%s) - t0 ))" "$log")")
  return $rc
}
finish() {
  echo "== failing or skipped GPU tests =="; grep -E "\(Failed\)|\(Skipped\)|\*\*\*" "$out/gpu-tests.log" 2>/dev/null | head -20
  echo "== benchmarks =="; grep -E "^(cd1|gibbs|classifier|metrics|sweep)/" "$out/bench.log" 2>/dev/null | cut -c1-160
  echo "== reproduce =="; grep -E "^\[reproduce|done|error" "$out/reproduce.log" 2>/dev/null | tail -12
  echo "== summary =="; printf '%s\n' "${summary[@]}"
}
trap finish EXIT

{ nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv; nvcc --version | tail -2
  cmake --version | head -1; git log -1 --format='commit %h %s'; } >"$out/machine.txt" 2>&1

# cuDNN: beside the toolkit, else inside the nvidia-cudnn-cu13 Python wheel.
cudnn_args=()
if ! ls /usr/local/cuda/include/cudnn_version.h /usr/include/cudnn_version.h >/dev/null 2>&1; then
  wheel=$(python3 -c "import nvidia.cudnn; print(list(nvidia.cudnn.__path__)[0])" 2>/dev/null || true)
  if [ -n "$wheel" ]; then
    cudnn_args=(-DCUDNN_ROOT="$wheel")
    export LD_LIBRARY_PATH="$wheel/lib:${LD_LIBRARY_PATH:-}"
  fi
fi
export RBMDYN_MNIST=${RBMDYN_MNIST:-$PWD/.data/mnist}

build=build-gpu
step configure build.log 120 cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CUDA_ARCHITECTURES=90 -DRBMDYN_CUDA=ON "${cudnn_args[@]}" || exit 1
step build build.log "${RBMDYN_GPU_BUILD_S:-300}" cmake --build $build -j "$(nproc)" || { tail -40 "$out/build.log"; exit 1; }
$build/apps/rbmdyn devices >>"$out/machine.txt" 2>&1
step gpu-tests gpu-tests.log "${RBMDYN_GPU_TEST_S:-150}" ctest --test-dir $build -L gpu --output-on-failure --timeout 120
step bench bench.log "${RBMDYN_GPU_BENCH_S:-150}" $build/apps/rbmdyn_bench \
  --benchmark_filter='cd1/cuda|gibbs/cuda|classifier/cuda|metrics/cuda|sweep/cuda' --benchmark_min_time=0.3
# The whole study on the GPU: RBM (100 epochs), paper classifier (20 epochs), sweep, figures, report.
step reproduce reproduce.log "${RBMDYN_GPU_REPRO_S:-300}" $build/apps/rbmdyn reproduce --device cuda --quiet \
  --no-k-control --out "$out/reproduce"
cp "$out/reproduce/report.md" "$out/report.md" 2>/dev/null
rm -rf "$out/reproduce"  # weights and arrays stay on the machine; the report comes back
