#!/usr/bin/env bash
# Builds the libFuzzer targets (Clang, ASan + UBSan; cmake -DRBMDYN_FUZZ=ON) and runs each in turn.
#   scripts/fuzz.sh [SECONDS]      run every target for SECONDS (default 60) each
#   scripts/fuzz.sh [SECONDS] NAME...   only the named targets (npy, rbm, sweep_merge, ...)
# Environment:
#   RBMDYN_FUZZ_BUILD_DIR  build folder (default build-fuzz; scripts/test.sh shares its sanitizer build)
#   RBMDYN_FUZZ_RUNS       stop each target after this many executions instead (-runs=N)
#   RBMDYN_FUZZ_JOBS       build jobs (default nproc)
# Each target starts from its seed corpus (written by the project's own writers at build time), the
# minimized inputs of past findings (tests/fuzz/regressions/<name>/) and the corpus grown by earlier
# runs (<build>/fuzz-corpus/<name>/). Per target it prints executions, coverage (edges and features),
# corpus size and the result; a crash leaves its input in <build>/fuzz-artifacts/<name>/ and makes the
# script fail. Logs: <build>/fuzz-logs/<name>.log. Reproduce a finding: <build>/tests/fuzz/fuzz_<name> FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
build=${RBMDYN_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${RBMDYN_FUZZ_JOBS:-$(nproc)}

if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found; run scripts/setup.sh --fuzz" >&2
  exit 2
fi
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRBMDYN_WERROR=ON \
  -DRBMDYN_CUDA=OFF -DRBMDYN_FUZZ=ON >/dev/null
targets=$(cat "$build/tests/fuzz/targets.txt" | tr ';' ' ')
[ $# -gt 0 ] && targets="$*"
build_targets=rbmdyn_fuzz_corpus
for t in $targets; do build_targets="$build_targets fuzz_$t"; done
# shellcheck disable=SC2086
cmake --build "$build" -j "$jobs" --target $build_targets

limit=(-max_total_time="$seconds")
[ -n "${RBMDYN_FUZZ_RUNS:-}" ] && limit=(-runs="$RBMDYN_FUZZ_RUNS")
mkdir -p "$build/fuzz-logs"
# A finding must stop the run with a report; leaks are reported but ours are none (docs/reliability.md).
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}

printf '%-22s %12s %9s %8s %8s %7s  %s\n' target executions exec/s edges features corpus result
failed=0
for t in $targets; do
  corpus="$build/fuzz-corpus/$t" artifacts="$build/fuzz-artifacts/$t/" log="$build/fuzz-logs/$t.log"
  mkdir -p "$corpus" "$artifacts"
  inputs=("$corpus" "$build/tests/fuzz/seeds/$t")
  [ -d "tests/fuzz/regressions/$t" ] && inputs+=("tests/fuzz/regressions/$t")
  rc=0
  "$build/tests/fuzz/fuzz_$t" "${limit[@]}" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict=tests/fuzz/header_formats.dict -artifact_prefix="$artifacts" "${inputs[@]}" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  edges=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$last")
  features=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  size=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
  result=ok
  if [ "$rc" -ne 0 ] && grep -q 'libFuzzer: run interrupted' "$log"; then
    result="stopped (interrupted; no finding until then)"
    failed=1
  elif [ "$rc" -ne 0 ]; then
    result="FAILED (exit $rc; see $log, input in $artifacts)"
    failed=1
  fi
  printf '%-22s %12s %9s %8s %8s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${edges:-?}" "${features:-?}" \
    "${size:-?}" "$result"
done
exit $failed
