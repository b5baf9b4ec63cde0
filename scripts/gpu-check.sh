#!/usr/bin/env bash
# One-shot GPU check for a lent machine (see ../shared/docs/device.md): configure, build, run the GPU
# parity tests, the benchmarks and a small end-to-end run, then print a summary table LAST (the device
# tool returns only the tail of the output). Full logs go to $OUT (or ./gpu-check-out).
#
#   run: scripts/gpu-check.sh            (MNIST from .data/mnist, copied there before the call)
#
# Options via environment: RBMDYN_GPU_CHECK_QUICK=1 skips the long benchmarks.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-$PWD/gpu-check-out}
mkdir -p "$out"
summary=()
note() { summary+=("$1"); }
step() {  # step NAME LOGFILE CMD...: runs CMD, logs, records pass/fail and seconds
  local name=$1 log=$2; shift 2
  local t0=$(date +%s.%N)
  "$@" >"$out/$log" 2>&1
  local rc=$?
  local dt=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
  note "$(printf '%-28s %-6s %6ss  %s' "$name" "$([ $rc -eq 0 ] && echo ok || echo FAIL)" "$dt" "$log")"
  return $rc
}

{ nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv; nvcc --version | tail -2;
  cmake --version | head -1; python3 -c "import torch; print('torch', torch.__version__)" 2>&1; } >"$out/machine.txt" 2>&1

# cuDNN: the toolkit's, else the one inside the nvidia-cudnn-cu13 Python wheel.
cudnn_args=()
if ! ls /usr/local/cuda/include/cudnn_version.h >/dev/null 2>&1 && ! ls /usr/include/cudnn_version.h >/dev/null 2>&1; then
  wheel=$(python3 -c "import nvidia.cudnn, os; print(list(nvidia.cudnn.__path__)[0])" 2>/dev/null || true)
  if [ -n "$wheel" ]; then
    cudnn_args=(-DCUDNN_ROOT="$wheel")
    export LD_LIBRARY_PATH="$wheel/lib:${LD_LIBRARY_PATH:-}"
  fi
fi
export RBMDYN_MNIST=${RBMDYN_MNIST:-$PWD/.data/mnist}

build=build-gpu
step configure build.log cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_ARCHITECTURES=90 \
  -DRBMDYN_CUDA=ON "${cudnn_args[@]}" || { printf '%s\n' "${summary[@]}"; exit 1; }
step build build-make.log cmake --build $build -j 16 || { tail -30 "$out/build-make.log"; printf '%s\n' "${summary[@]}"; exit 1; }
$build/apps/rbmdyn devices >>"$out/machine.txt" 2>&1
cat "$out/build-make.log" >>"$out/build.log" && rm -f "$out/build-make.log"
step gpu-tests gpu-tests.log ctest --test-dir $build -L gpu --output-on-failure --timeout 300
step cpu-tests-quick cpu-tests.log ctest --test-dir $build -L cpu -j 16 --timeout 300 -E "Mnist|EndToEnd"
bench_filter='cd1/cuda|gibbs/cuda|classifier/cuda|metrics/cuda'
[ "${RBMDYN_GPU_CHECK_QUICK:-0}" = 1 ] && bench_filter='cd1/cuda'
step bench bench.log $build/apps/rbmdyn_bench --benchmark_filter="$bench_filter" --benchmark_min_time=0.5
step train-rbm-100 train-rbm.log $build/apps/rbmdyn train-rbm --device cuda --out "$out/rbm100.safetensors" --quiet
rm -f "$out"/*.safetensors  # at most 8 files come back; weights are not needed

# Summary last: failing GPU tests, benchmark lines, timings.
echo "== failing tests =="; grep -E "Failed|FAILED|\*\*\*" "$out/gpu-tests.log" | head -20
echo "== benchmarks =="; grep -E "^(cd1|gibbs|classifier|metrics)/" "$out/bench.log" | cut -c1-150
echo "== train-rbm =="; tail -3 "$out/train-rbm.log"
echo "== summary =="; printf '%s\n' "${summary[@]}"
