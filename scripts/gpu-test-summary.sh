#!/usr/bin/env bash
# One line on the GPU tests of the last ctest run in BUILD (default: build), for scripts/test.sh:
#   gpu: 51 of 57 skipped (no CUDA device: ...); 6 ran without a device
#   gpu: 57 of 57 ran on a GPU
# ctest counts a skipped test as passed, so without this line a CI log cannot tell "all GPU tests
# passed" from "none ran". Reads BUILD/Testing/Temporary/LastTest.log (GPU tests: those run from the
# rbmdyn_gpu_tests binary); prints "gpu: no GPU tests in this build" when there are none.
set -euo pipefail
log=${1:-build}/Testing/Temporary/LastTest.log
[ -f "$log" ] || { echo "gpu: no ctest log at $log"; exit 0; }
awk '
  /^[0-9]+\/[0-9]+ Test: / { gpu = 0 }
  /^Command: .*rbmdyn_gpu_tests/ { gpu = 1; total++ }
  /^no CUDA device: / && gpu && reason == "" { reason = $0 }
  /^Skip regular expression found/ && gpu { skipped++ }
  END {
    if (total == 0) { print "gpu: no GPU tests in this build"; exit }
    if (skipped == 0) { printf "gpu: %d of %d ran on a GPU\n", total, total; exit }
    printf "gpu: %d of %d skipped (%s); %d ran without a device\n", skipped, total,
           reason == "" ? "see the test log" : reason, total - skipped
  }' "$log"
