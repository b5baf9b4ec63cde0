#!/usr/bin/env python3
"""Makes this machine look like the GPU machine's image, for `scripts/gpu-check.sh --dry-run`.

Run as root inside a private mount namespace (`unshare -m --propagation private`); nothing outside
that namespace changes. It hides, by bind-mounting filtered views over their folders:
  * every file the given Debian packages installed (`dpkg -L`), i.e. the -dev packages and the
    libraries scripts/device-deps.sh downloads, plus any other installed BLAS/LAPACK/GoogleTest
    package a CMake search could fall back to; packages the toolchain itself needs (zlib1g,
    libssl3, libgomp1, which the GPU image has too) stay visible;
  * cuDNN beside the CUDA toolkit and in /usr/local, /usr (the GPU image has cuDNN only inside the
    nvidia-cudnn-cu13 Python wheel),
and builds a stand-in for that wheel: a folder with include/cudnn*.h and lib/libcudnn*.so.9 only (no
unversioned libcudnn.so), linked to the hidden originals. Prints that folder's path last.

A folder is hidden whole when everything in it is hidden; otherwise the folder is replaced by a view:
a folder of symbolic links to every entry except the hidden ones, pointing into a bind-mounted copy
of the original (deepest folders first, copies made with --rbind so deeper views carry over).

usage: dry-run-mask.py WORKDIR PACKAGE...
"""
import os
import subprocess
import sys

KEEP = {"zlib1g", "libssl3", "libgomp1", "libgcc-s1", "libc6", "libstdc++6"}
ALSO_HIDE_PREFIXES = ("libopenblas", "libblas", "liblapack", "libgmock", "googletest", "libbenchmark", "libgtest")
PROGRAM_FOLDERS = {"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"}
CUDNN_FOLDERS = ["/usr/local/include", "/usr/local/lib", "/usr/include", "/usr/lib/x86_64-linux-gnu"]


def run(*cmd):
    subprocess.run(cmd, check=True)


def installed_packages():
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package}\t${Status}\n"], check=True, capture_output=True,
                         text=True).stdout
    return {line.split("\t")[0] for line in out.splitlines() if line.endswith("install ok installed")}


def package_files(package):
    out = subprocess.run(["dpkg", "-L", package], check=True, capture_output=True, text=True).stdout
    return [p for p in out.splitlines() if p.startswith("/")]


def canonical(path):
    """The path with its folder resolved (the last component may itself be a link to hide)."""
    return os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))


def cuda_toolkit_folders():
    nvcc = subprocess.run(["sh", "-c", "command -v nvcc"], capture_output=True, text=True).stdout.strip()
    roots = {"/usr/local/cuda"}
    if nvcc:
        roots.add(os.path.dirname(os.path.dirname(os.path.realpath(nvcc))))
    folders = []
    for root in roots:
        for sub in ("include", "lib", "lib64", "targets/x86_64-linux/include", "targets/x86_64-linux/lib"):
            if os.path.isdir(os.path.join(root, sub)):
                folders.append(os.path.realpath(os.path.join(root, sub)))
    return folders


def cudnn_files():
    found = []
    for folder in sorted(set(cuda_toolkit_folders() + [os.path.realpath(f) for f in CUDNN_FOLDERS if os.path.isdir(f)])):
        for name in os.listdir(folder):
            if name.startswith("cudnn") and name.endswith(".h") or name.startswith("libcudnn"):
                found.append(os.path.join(folder, name))
    return found


def hidden_set(packages):
    files = set()
    for p in packages:
        for f in package_files(p):
            c = canonical(f)
            # Programs stay (libpng-config and the like; CMake does not use them): a program reached
            # through a view's link would locate its own files from the wrong place.
            if os.path.dirname(c) in PROGRAM_FOLDERS:
                continue
            if os.path.islink(c) or os.path.isfile(c):
                files.add(c)
    files.update(canonical(f) for f in cudnn_files())
    # Folders whose every entry is hidden are hidden whole, deepest first.
    hidden = set(files)
    folders = sorted({os.path.dirname(f) for f in files}, key=lambda d: -d.count("/"))
    while folders:
        d = folders.pop(0)
        if d in ("/", "/usr", "/usr/lib", "/usr/include", "/usr/share", "/lib") or d in hidden:
            continue
        try:
            entries = os.listdir(d)
        except OSError:
            continue
        if entries and all(os.path.join(d, e) in hidden for e in entries):
            hidden.add(d)
            parent = os.path.dirname(d)
            if parent not in folders:
                folders.append(parent)
                folders.sort(key=lambda x: -x.count("/"))
    # Keep only the topmost hidden paths (a sorted list puts every path right after its ancestors).
    topmost = []
    for h in sorted(hidden):
        if not topmost or not h.startswith(topmost[-1] + "/"):
            topmost.append(h)
    return set(topmost)


def mask(hidden, workdir):
    views = sorted({os.path.dirname(h) for h in hidden}, key=lambda d: -d.count("/"))
    originals = {}
    for i, folder in enumerate(views):
        orig = os.path.join(workdir, "orig", str(i))
        view = os.path.join(workdir, "view", str(i))
        os.makedirs(orig)
        os.makedirs(view)
        run("mount", "--rbind", folder, orig)
        for name in os.listdir(orig):
            if os.path.join(folder, name) not in hidden:
                os.symlink(os.path.join(orig, name), os.path.join(view, name))
        run("mount", "--bind", view, folder)
        originals[folder] = orig
    return originals


def fake_cudnn_wheel(originals, workdir):
    """include/cudnn*.h and lib/libcudnn*.so.9, linked to the hidden originals (as the wheel ships them)."""
    wheel = os.path.join(workdir, "nvidia-cudnn-wheel")
    os.makedirs(os.path.join(wheel, "include"))
    os.makedirs(os.path.join(wheel, "lib"))
    headers = libraries = 0
    for orig in originals.values():
        for name in os.listdir(orig):
            target = os.path.join(orig, name)
            if os.path.islink(target) or not os.path.isfile(target):
                continue  # the /usr/local links and libcudnn.so -> libcudnn.so.9: the files themselves are linked
            if name.startswith("cudnn") and name.endswith(".h"):
                if not os.path.lexists(os.path.join(wheel, "include", name)):
                    os.symlink(target, os.path.join(wheel, "include", name))
                    headers += 1
            elif name.startswith("libcudnn") and name.endswith(".so.9"):
                if not os.path.lexists(os.path.join(wheel, "lib", name)):
                    os.symlink(target, os.path.join(wheel, "lib", name))
                    libraries += 1
    if headers == 0 or libraries == 0:
        sys.exit("dry-run-mask.py: no cuDNN found to build the stand-in wheel from")
    return wheel


def in_private_namespace():
    """True when this process's mount namespace is not init's (or, where init's cannot be read, when
    gpu-check.sh says it made one)."""
    try:
        return os.readlink("/proc/self/ns/mnt") != os.readlink("/proc/1/ns/mnt")
    except OSError:
        return os.environ.get("RBMDYN_DRY_RUN_NS") == "masked"


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if not in_private_namespace():
        sys.exit("dry-run-mask.py: refusing to run outside a private mount namespace "
                 "(scripts/gpu-check.sh --dry-run makes one with unshare -m --propagation private)")
    workdir = os.path.abspath(sys.argv[1])
    installed = installed_packages()
    wanted = {p.split(":")[0] for p in sys.argv[2:]}
    packages = sorted(((wanted | {p.split(":")[0] for p in installed if p.startswith(ALSO_HIDE_PREFIXES)})
                       & {p.split(":")[0] for p in installed}) - KEEP)
    hidden = hidden_set(packages)
    originals = mask(hidden, workdir)
    still = [h for h in hidden if os.path.lexists(h)]
    if still:
        sys.exit("dry-run-mask.py: still visible after masking: " + ", ".join(sorted(still)[:5]))
    wheel = fake_cudnn_wheel(originals, workdir)
    print(f"dry-run-mask.py: hid {len(hidden)} paths in {len(originals)} folders from {len(packages)} packages "
          f"({' '.join(packages)}) and cuDNN; stand-in cuDNN wheel:", file=sys.stderr)
    print(wheel)


if __name__ == "__main__":
    main()
