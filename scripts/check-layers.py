#!/usr/bin/env python3
"""Checks that every project include obeys the layer order of docs/design.md.

    python3 scripts/check-layers.py [ROOT]        exit 0: clean; 1: violations (listed); 2: usage error

A file in a folder of layer r may include headers of its own folder and of folders in layers below r,
nothing else: no back-references (an include of a higher layer) and no side-references (another
folder of the same layer). System includes (<...>) are not checked. Folders are the first two path
components under host/ ("host/rbm") and under apps/ and tests/, and "kernels". A project folder that is
not in the order is an error too, so a new folder must be given its place (here and in design.md).

The order below is the one line of docs/design.md that starts with "Layer order:"; the check fails when
the two differ, so the documentation and the check cannot drift apart.
"""
import pathlib
import re
import sys

LAYER_ORDER = ("core → ops → kernels → runtime, io → data, blas, util → rbm → gibbs, biasing, classifier → "
               "analysis → sweep → reproduce → apps")

# Layer names that are not host/<name>: the folders they stand for.
SPECIAL = {
    "kernels": ["kernels"],
    "apps": ["apps/rbmdyn", "apps/bench", "tests/*"],  # programs and tests may include any layer
}
SOURCE_SUFFIXES = {".hpp", ".cpp", ".cu", ".cuh", ".h", ".in"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_ranks():
    """{folder pattern: rank} from LAYER_ORDER."""
    ranks = {}
    for rank, group in enumerate(LAYER_ORDER.split("→")):
        for name in (n.strip() for n in group.split(",")):
            for folder in SPECIAL.get(name, ["host/" + name]):
                ranks[folder] = rank
    return ranks


def folder_of(path):
    """The layer folder of a repository-relative path ("host/rbm/x.hpp" -> "host/rbm")."""
    parts = pathlib.PurePosixPath(path).parts
    if parts[0] == "kernels":
        return "kernels"
    if parts[0] in ("host", "apps", "tests") and len(parts) >= 3:
        return parts[0] + "/" + parts[1]
    return None


def rank_of(folder, ranks):
    if folder in ranks:
        return ranks[folder]
    top = folder.split("/")[0] + "/*"
    return ranks.get(top)


def check(root):
    ranks = layer_ranks()
    problems = []
    design = root / "docs" / "design.md"
    if design.exists() and ("Layer order: " + LAYER_ORDER) not in design.read_text(encoding="utf-8"):
        problems.append(f"docs/design.md: no line 'Layer order: {LAYER_ORDER}' (script and docs disagree)")
    for top in ("host", "kernels", "apps", "tests"):
        for path in sorted((root / top).rglob("*")):
            if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            src = folder_of(rel)
            if src is None:
                continue
            src_rank = rank_of(src, ranks)
            if src_rank is None:
                problems.append(f"{rel}: folder {src} has no place in the layer order")
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                match = INCLUDE.match(line)
                if not match:
                    continue
                target = match.group(1)
                dst = folder_of(target)
                if dst is None or dst == src:
                    continue
                dst_rank = rank_of(dst, ranks)
                where = f"{rel}:{number}: includes \"{target}\""
                if dst_rank is None:
                    problems.append(f"{where}: folder {dst} has no place in the layer order")
                elif dst_rank > src_rank:
                    problems.append(f"{where}: back-reference ({src} is below {dst} in the layer order)")
                elif dst_rank == src_rank and not src.startswith(("apps/", "tests/")):
                    problems.append(f"{where}: side-reference ({src} and {dst} share a layer)")
    return problems


def main(argv):
    if len(argv) > 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = pathlib.Path(argv[1] if len(argv) == 2 else pathlib.Path(__file__).resolve().parent.parent)
    problems = check(root)
    for p in problems:
        print("check-layers: " + p)
    if problems:
        print(f"check-layers: {len(problems)} include(s) against the layer order\n  {LAYER_ORDER}")
        return 1
    print("check-layers: every include follows the layer order")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
