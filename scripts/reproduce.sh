#!/usr/bin/env bash
# Sets up, builds and runs the main job on a fresh machine: the whole study reproduced end to end —
# the RBM trained with CD-1 (100 epochs), the digit classifier, the biasing vectors, the sweep of all
# 100 vectors × 100 chains × 100 steps classified per step, every figure of the paper and a report
# comparing each headline number with the paper's (`rbmdyn reproduce`). On a GPU when one is usable
# (paper classifier), else on the CPU (the small classifier; ~15 minutes on 2 cores).
# Results: ${RBMDYN_OUT:-out/reproduce}/report.md and figures/. MNIST: $RBMDYN_MNIST, else ../shared/data/mnist.
# Extra arguments go to `rbmdyn reproduce` (e.g. --seeds 3, --quick, --rbm FILE, --classifier FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --plots
build=${RBMDYN_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target rbmdyn
export RBMDYN_MNIST=${RBMDYN_MNIST:-$(cd .. && pwd)/shared/data/mnist}
"$build/apps/rbmdyn" data
"$build/apps/rbmdyn" reproduce --device auto --out "${RBMDYN_OUT:-out/reproduce}" "$@"
