#!/usr/bin/env bash
# The build dependencies for a lent GPU machine (../shared/docs/device.md), which has the CUDA toolkit,
# CMake, ninja and Python but none of the Debian -dev packages scripts/setup.sh installs, and no
# network.
#
#   scripts/device-deps.sh [DIR]           on the development machine (DIR defaults to .data, which
#                                          .gitignore lists): downloads the .deb files below into
#                                          DIR/debs (apt-get download; nothing is installed) and copies
#                                          MNIST into DIR/mnist, so that ONE carry entry brings both
#                                          (about 31 MB of the 64 MiB a call may carry).
#   scripts/device-deps.sh unpack DIR PREFIX
#                                          on the GPU machine (scripts/gpu-check.sh runs it): unpacks
#                                          every DIR/debs/*.deb into PREFIX (never into /), repoints
#                                          absolute symbolic links into PREFIX, and links into
#                                          PREFIX/rtlib only the shared libraries this machine lacks,
#                                          so that LD_LIBRARY_PATH=PREFIX/rtlib shadows nothing the
#                                          system already has (python3, cmake and the compilers keep
#                                          their own zlib and OpenSSL).
#   scripts/device-deps.sh packages        prints the package list, one per line.
#
# MNIST comes from $RBMDYN_MNIST, else ../shared/data/mnist beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

# Headers, CMake package files and link-time names (what find_package needs) ...
dev_packages=(libopenblas-openmp-dev nlohmann-json3-dev libcli11-dev libgtest-dev libbenchmark-dev libpng-dev
              zlib1g-dev libssl-dev)
# ... and the shared libraries they point to (the -dev symlinks dangle without them). Not libgomp1:
# every working gcc brings its own, and an older copy in the prefix's lib folder (which the binaries'
# RUNPATH lists) would shadow the one the compiler's -fopenmp code needs.
runtime_packages=(libopenblas0-openmp libgfortran5 libquadmath0 libbenchmark1debian libpng16-16 zlib1g libssl3)

download() {
  local dir=$1
  mkdir -p "$dir/debs" "$dir/mnist"
  rm -f "$dir"/debs/*.deb
  local -a apt_opts=()
  # As root, apt drops to the _apt user, which cannot write into a checkout; stay root for this.
  [ "$(id -u)" -eq 0 ] && apt_opts=(-o APT::Sandbox::User=root)
  if ! (cd "$dir/debs" && apt-get "${apt_opts[@]}" download -qq "${dev_packages[@]}" "${runtime_packages[@]}"); then
    echo "device-deps.sh: apt-get download failed; refreshing the package lists once" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    (cd "$dir/debs" && apt-get "${apt_opts[@]}" download -qq "${dev_packages[@]}" "${runtime_packages[@]}")
  fi
  (cd "$dir/debs" && for f in *.deb; do dpkg-deb -W --showformat='${Package}=${Version}\n' "$f"; done) >"$dir/debs/MANIFEST"

  local mnist=${RBMDYN_MNIST:-$(cd .. && pwd)/shared/data/mnist}
  local n=0
  for f in "$mnist"/*-idx?-ubyte.gz; do
    [ -e "$f" ] || continue
    cp -f "$f" "$dir/mnist/"
    n=$((n + 1))
  done
  [ "$n" -eq 4 ] || { echo "device-deps.sh: expected 4 MNIST .gz files in $mnist, found $n" >&2; exit 1; }
  echo "device-deps.sh: $(ls "$dir"/debs/*.deb | wc -l) packages and $n MNIST files in $dir ($(du -sh "$dir" | cut -f1));" \
       "carry [\"$dir\"] in the device call"
}

# True when the dynamic loader of this machine resolves `soname` to a real (non-empty) file.
system_has() {
  local soname=$1 ldconfig=ldconfig
  command -v ldconfig >/dev/null 2>&1 || ldconfig=/sbin/ldconfig
  local path
  while read -r path; do
    [ -s "$path" ] && return 0
  done < <("$ldconfig" -p 2>/dev/null | awk -v n="$soname" '$1 == n { print $NF }')
  return 1
}

unpack() {
  local dir=$1 prefix=$2
  ls "$dir"/debs/*.deb >/dev/null 2>&1 || { echo "device-deps.sh: no .deb files in $dir/debs (run scripts/device-deps.sh here first)" >&2; exit 1; }
  # Start clean (a package dropped from the list must not linger), but only wipe a folder made here.
  if [ -e "$prefix" ] && [ -n "$(ls -A "$prefix")" ]; then
    [ -e "$prefix/.rbmdyn-deps" ] || { echo "device-deps.sh: $prefix is not empty and was not made by unpack" >&2; exit 1; }
    rm -rf --one-file-system "$prefix"
  fi
  mkdir -p "$prefix"
  touch "$prefix/.rbmdyn-deps"
  prefix=$(cd "$prefix" && pwd)
  for deb in "$dir"/debs/*.deb; do
    if command -v dpkg-deb >/dev/null 2>&1; then
      dpkg-deb -x "$deb" "$prefix"
    else  # a .deb is an ar archive holding data.tar.*
      local tmp
      tmp=$(mktemp -d)
      (cd "$tmp" && ar x "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" && tar -xf data.tar.* -C "$prefix")
      rm -rf "$tmp"
    fi
  done
  # zlib1g-dev's libz.so -> /lib/x86_64-linux-gnu/libz.so.1.2.13 and the like: point them into the prefix.
  local link target
  while IFS= read -r link; do
    target=$(readlink "$link")
    case "$target" in /*) ln -sfn "$prefix$target" "$link" ;; esac
  done < <(find "$prefix" -type l)
  # Shared libraries the machine lacks, by soname (lib*.so.N), into one folder for LD_LIBRARY_PATH.
  rm -rf "$prefix/rtlib"
  mkdir -p "$prefix/rtlib"
  local lib name added=()
  while IFS= read -r lib; do
    name=$(basename "$lib")
    [[ "$name" =~ ^lib.*\.so\.[0-9]+$ ]] || continue
    [ -e "$prefix/rtlib/$name" ] && continue
    system_has "$name" && continue
    ln -s "$lib" "$prefix/rtlib/$name"
    added+=("$name")
  done < <(find "$prefix/usr/lib" "$prefix/lib" \( -type f -o -type l \) -name 'lib*.so.*' 2>/dev/null | sort)
  echo "device-deps.sh: unpacked $(ls "$dir"/debs/*.deb | wc -l) packages into $prefix;" \
       "libraries this machine lacks (PREFIX/rtlib): ${added[*]:-none}"
}

case "${1:-}" in
  unpack)
    [ $# -eq 3 ] || { echo "usage: scripts/device-deps.sh unpack DIR PREFIX" >&2; exit 2; }
    unpack "$2" "$3" ;;
  packages) printf '%s\n' "${dev_packages[@]}" "${runtime_packages[@]}" ;;
  -h|--help) sed -n '2,22p' "$0" ;;
  -*) echo "device-deps.sh: unknown option '$1'" >&2; exit 2 ;;
  *) download "${1:-.data}" ;;
esac
