#!/usr/bin/env python3
"""The repository explains itself: no file refers to documents outside it, every `method.md` citation
names docs/method.md, and every `docs/*.md` a file cites exists, as do the § sections cited.

Usage: check_references.py REPO_ROOT  (exit 1 and one line per offending reference)
       check_references.py --self-test REPO_ROOT  (the check fails on planted bad references)"""
import pathlib
import re
import sys

TEXT_SUFFIXES = {".cpp", ".hpp", ".cu", ".cuh", ".h", ".in", ".py", ".sh", ".md", ".txt", ".cmake", ".sbatch"}
SKIP_DIRS = {".git", "build", "__pycache__"}
OUTSIDE = re.compile(r"\.\./shared/docs|/work/shared/docs")
BARE_METHOD = re.compile(r"(?<![/\w])method\.md")
CITED_DOC = re.compile(r"\bdocs/([\w.-]+\.md)")
METHOD_SECTION = re.compile(r"docs/method\.md §(\d+)")


def files(root):
    for p in root.rglob("*"):
        if p.is_file() and not (set(p.relative_to(root).parts) & SKIP_DIRS) and p.name != "check_references.py":
            if p.suffix in TEXT_SUFFIXES or p.name in ("CMakeLists.txt", "run"):
                yield p


def main(root):
    root = pathlib.Path(root).resolve()
    method = (root / "docs/method.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (\d+)\.", method, flags=re.M))
    problems = []
    for p in files(root):
        rel = p.relative_to(root)
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            where = f"{rel}:{n}"
            if OUTSIDE.search(line):
                problems.append(f"{where}: refers to documents outside the repository: {line.strip()}")
            if BARE_METHOD.search(line):
                problems.append(f"{where}: cite docs/method.md, not method.md: {line.strip()}")
            for doc in CITED_DOC.findall(line):
                if not (root / "docs" / doc).is_file():
                    problems.append(f"{where}: docs/{doc} does not exist")
            for sec in METHOD_SECTION.findall(line):
                if sec not in sections:
                    problems.append(f"{where}: docs/method.md has no §{sec}")
    for line in problems:
        print(line)
    return 1 if problems else 0


def self_test(root):
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        shutil.copytree(pathlib.Path(root) / "docs", t / "docs")
        (t / "good.cpp").write_text("// docs/method.md §7 and docs/method.md §10\n")
        if main(t) != 0:
            return 1
        planted = ["// see ../shared/docs/method.md\n", "// method.md §2\n", "// docs/method.md §42\n",
                   "// docs/nowhere.md\n"]
        for i, text in enumerate(planted):
            bad = t / f"bad{i}.hpp"
            bad.write_text(text)
            if main(t) != 1:
                print(f"self-test: planted reference not found: {text.strip()}")
                return 1
            bad.unlink()
    print("self-test: every planted reference was found")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "--self-test":
        sys.exit(self_test(sys.argv[2]))
    sys.exit(main(sys.argv[1]))
