#!/usr/bin/env bash
# Installs what rbmdyn needs to build, test and plot on a Debian 12 machine. Idempotent: packages
# already present are skipped, so a second run costs a few seconds.
#   scripts/setup.sh            build + test dependencies (C++ libraries)
#   scripts/setup.sh --plots    also the Python packages the figure script uses (numpy, matplotlib)
#   scripts/setup.sh --fuzz     also Clang with its sanitizer and libFuzzer runtimes (the sanitizer build
#                               of scripts/test.sh and scripts/fuzz.sh)
set -euo pipefail

want_plots=0
want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --plots) want_plots=1 ;;
    --fuzz) want_fuzz=1 ;;
    *) echo "setup.sh: unknown option '$arg' (known: --plots, --fuzz)" >&2; exit 2 ;;
  esac
done

debs=(cmake ninja-build g++ pkg-config zlib1g-dev libssl-dev libopenblas-openmp-dev libcli11-dev
      nlohmann-json3-dev libpng-dev libgtest-dev libbenchmark-dev python3 libcurl4-openssl-dev)
# Clang, and compiler-rt: AddressSanitizer, UBSan and libFuzzer (libclang_rt.fuzzer) for Debian's clang.
[ "$want_fuzz" -eq 1 ] && debs+=(clang libclang-rt-dev)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup.sh: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "$want_plots" -eq 1 ]; then
  python3 -c 'import numpy, matplotlib' 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check numpy matplotlib
fi

if command -v nvcc >/dev/null 2>&1; then
  echo "setup.sh: nvcc found ($(nvcc --version | tail -1)); the CUDA backends will be built"
else
  echo "setup.sh: no nvcc on PATH; building the CPU engine only"
fi
