#!/usr/bin/env python3
"""ctest: the README's "The pipeline, stage by stage" block, run exactly as written (the first ```sh
block under that heading), from a scratch folder that has the repository's scripts/ beside it, with the
freshly built rbmdyn first on PATH. Then the stages must connect (checked by value), and a second run
into the same folders after an earlier run that wrote more files (generate --keep-hidden --keep-steps
all, classify --probs) must leave exactly the files of a fresh run with the same bytes: no stale file.

Arguments: <rbmdyn binary> <repository root> <scratch folder> <MNIST folder>; $RBMDYN_MNIST overrides
the MNIST folder. Exit 77 (skipped) when MNIST is absent."""
import csv
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np

# Options an earlier run into the same folders adds, so that it writes files the README's run does not.
EARLIER_RUN_EXTRAS = {"rbmdyn generate": " --keep-hidden --keep-steps all", "rbmdyn classify": " --probs"}


def with_extras(line: str) -> str:
    """The line with EARLIER_RUN_EXTRAS inserted before its trailing comment, for the commands named there."""
    extra = next((x for k, x in EARLIER_RUN_EXTRAS.items() if line.startswith(k)), "")
    command, sep, comment = line.partition(" #")
    return command.rstrip() + extra + (" " + sep.strip() + comment if sep else "")


def readme_block(readme: pathlib.Path) -> str:
    lines = readme.read_text().splitlines()
    start = lines.index("## The pipeline, stage by stage")
    begin = next(i for i in range(start, len(lines)) if lines[i].strip() == "```sh")
    end = next(i for i in range(begin + 1, len(lines)) if lines[i].strip() == "```")
    return "\n".join(lines[begin + 1:end]) + "\n"


def run_block(block: str, folder: pathlib.Path, env: dict, repo: pathlib.Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "scripts").exists():
        (folder / "scripts").symlink_to(repo / "scripts")
    script = folder / "pipeline.sh"
    script.write_text("set -euo pipefail\n" + block)
    done = subprocess.run(["bash", "-x", str(script)], cwd=folder, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"README pipeline failed in {folder} (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def files_of(root: pathlib.Path) -> dict:
    """Relative path -> sha256 of every file the pipeline wrote (its own script and scripts/ excluded)."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not p.is_symlink() and rel != "pipeline.sh" and not rel.startswith("scripts"):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


# Files whose bytes record times, paths or host details rather than results.
def is_result(rel: str) -> bool:
    return rel.endswith((".npy", ".safetensors")) and "ckpt" not in rel


def check_stages_connect(root: pathlib.Path) -> None:
    gen, cls, ana = root / "run/gen", root / "run/cls", root / "run/analysis"
    visible = np.load(gen / "visible.npy")
    kept = np.load(gen / "kept_steps.npy")
    activity = np.load(gen / "activity.npy")
    classes = np.load(cls / "classes.npy")
    assert visible.ndim == 4 and visible.shape[3] == 784, visible.shape
    assert classes.shape == visible.shape[:3], (classes.shape, visible.shape)
    assert np.array_equal(np.load(cls / "kept_steps.npy"), kept), "classify did not record the kept steps"
    assert classes.max() <= 10
    with open(ana / "per_step.csv") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["step"]) for r in rows] == kept.tolist(), "analyze's steps are not the kept steps"
    # The % active of analyze is generate's activity at the kept steps (mean over all chains).
    expected = activity.reshape(-1, activity.shape[-1])[:, kept - 1].astype(np.float64).mean(axis=0)
    got = np.array([float(r["active_percent_mean"]) for r in rows])
    assert np.allclose(got, expected, rtol=1e-6, atol=1e-6), (got, expected)
    summary = json.loads((ana / "summary.json").read_text())
    assert summary["n_chains"] == visible.shape[0] * visible.shape[1]
    assert summary["step_numbers"] == kept.tolist()
    # Accuracy: the fraction of chains whose class is their vector's digit, per kept step.
    labels = np.arange(classes.shape[0])[:, None, None]
    acc = (classes == labels).mean(axis=(0, 1))
    assert np.allclose([float(r["accuracy"]) for r in rows], acc, atol=1e-12), "accuracy does not match classes.npy"


RUN_RECORDS = {"rbm.run.json": "train-rbm", "classifier.run.json": "train-classifier", "biasing/run.json": "biasing",
               "gen/run.json": "generate", "nondigits/run.json": "nondigits", "cls/run.json": "classify",
               "analysis/run.json": "analyze"}


def check_run_records(root: pathlib.Path) -> None:
    """Every stage recorded its command, options, device and inputs (absolute paths, their sha256)."""
    for rel, command in RUN_RECORDS.items():
        record = json.loads((root / "run" / rel).read_text())
        assert record["command"] == command, (rel, record["command"])
        assert record["device"] in ("cpu", "cuda") and record["options"] and record["engine"], rel
        assert record["inputs"], f"{rel} records no input"
        for item in record["inputs"]:
            path = pathlib.Path(item["path"])
            assert path.is_absolute(), (rel, item)
            assert item["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), (rel, item)


def main() -> None:
    binary, repo, scratch, mnist = (pathlib.Path(a).resolve() for a in sys.argv[1:5])
    mnist = pathlib.Path(os.environ.get("RBMDYN_MNIST") or mnist)
    if not (mnist / "train-images-idx3-ubyte.gz").exists():
        print(f"SKIPPED: no MNIST in {mnist}")
        sys.exit(77)
    env = dict(os.environ, PATH=f"{binary.parent}:{os.environ['PATH']}", RBMDYN_MNIST=str(mnist),
               OMP_WAIT_POLICY="passive")
    block = readme_block(repo / "README.md")
    shutil.rmtree(scratch, ignore_errors=True)
    fresh, reused = scratch / "fresh", scratch / "reused"
    run_block(block, fresh, env, repo)
    check_stages_connect(fresh)
    check_run_records(fresh)

    earlier = "".join(with_extras(line) + "\n" for line in block.splitlines())
    assert earlier != block
    run_block(earlier, reused, env, repo)
    before = files_of(reused)
    run_block(block, reused, env, repo)
    a, b = files_of(fresh), files_of(reused)
    stale = sorted(set(b) - set(a))
    missing = sorted(set(a) - set(b))
    assert not stale, f"stale files after a run into reused folders: {stale}"
    assert not missing, f"files missing after a run into reused folders: {missing}"
    assert set(before) - set(b), "the earlier run wrote no extra file: the stale-file check is vacuous"
    differ = [rel for rel in a if is_result(rel) and a[rel] != b[rel]]
    assert not differ, f"results differ between a fresh run and a run into reused folders: {differ}"
    print(f"README pipeline ok: {len(a)} files, stages connect, no stale file in reused folders")


if __name__ == "__main__":
    main()
