#!/usr/bin/env python3
"""CUDA builds load cuBLAS only when it is used (host/runtime/cublas_lazy_cuda.cpp): `rbmdyn --version`
and `--help` do not load libcublas (the dynamic loader's own log says which libraries it loads) and stay
small (peak RSS below 100 MB; linking cuBLAS costs ~215 MB), while `rbmdyn devices`, which asks cuBLAS
for its version, loads it through the lazy entry points and prints the version.

Usage: lazy_cublas_test.py RBMDYN   (exit 0 ok, 1 failure)
"""
import os
import re
import resource
import subprocess
import sys


def run(rbmdyn, *args, debug=False):
    env = dict(os.environ)
    if debug:
        env["LD_DEBUG"] = "libs"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([rbmdyn, *args], capture_output=True, text=True, env=env, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # max over children so far, kB
    return p.returncode, p.stdout, p.stderr, after if after > before else None


def main(rbmdyn):
    failures = []
    # First, while no other child has run: RUSAGE_CHILDREN's ru_maxrss is the largest child so far.
    code, out, err, rss = run(rbmdyn, "--version")
    if rss is None or rss >= 100 * 1024:
        failures.append(f"rbmdyn --version peak RSS {rss} kB, expected < 100 MB")
    else:
        print(f"ok: rbmdyn --version peak RSS {rss} kB")
    for args in (["--version"], ["--help"]):
        code, out, err, _ = run(rbmdyn, *args, debug=True)
        loaded = sorted(set(re.findall(r"(libcublas\w*\.so[.\d]*)", err)))
        if code != 0 or loaded:
            failures.append(f"rbmdyn {' '.join(args)}: exit {code}, cuBLAS libraries loaded: {loaded}")
        else:
            print(f"ok: rbmdyn {' '.join(args)} does not load cuBLAS")
    code, out, err, _ = run(rbmdyn, "devices", debug=True)
    version = re.search(r"cuBLAS (\d+)\.(\d+)\.(\d+) \(header (\d+)\.", out)
    if code != 0 or not version or version.group(1) != version.group(4) or "libcublas" not in err:
        failures.append(f"rbmdyn devices: exit {code}, expected cuBLAS loaded and its version printed:\n{out}")
    else:
        print(f"ok: rbmdyn devices loads cuBLAS on use: {version.group(0)}")
    for f in failures:
        print(f"FAILED: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
