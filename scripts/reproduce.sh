#!/usr/bin/env bash
# Sets up, builds and runs the main job on a fresh machine: the study's RBM trained on MNIST
# (100 epochs of CD-1, method.md §2) on the GPU when one is usable, else on the CPU.
# Results go to ${RBMDYN_OUT:-out}/. MNIST: $RBMDYN_MNIST, else ../shared/data/mnist.
# Extra arguments are passed to `rbmdyn train-rbm` (e.g. --epochs 10).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --plots
build=${RBMDYN_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target rbmdyn
export RBMDYN_MNIST=${RBMDYN_MNIST:-$(cd .. && pwd)/shared/data/mnist}
out=${RBMDYN_OUT:-out}
"$build/apps/rbmdyn" data
"$build/apps/rbmdyn" train-rbm --device auto --out "$out/rbm.safetensors" "$@"
