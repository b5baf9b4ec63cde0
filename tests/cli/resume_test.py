#!/usr/bin/env python3
"""ctest (label e2e): `rbmdyn reproduce --tiny` interrupted at several points and rerun with the same
command gives the same files as an uninterrupted run, byte for byte (issue 10 §3).

Interruptions, in order, each followed by the same command:
  1. SIGINT to the process group while the classifier trains (it saves a checkpoint; the rerun resumes);
  2. SIGKILL while the RBM file is being written (temporary file flushed, not yet renamed:
     RBMDYN_TEST_KILL_AT, host/io/atomic_file.hpp);
  3. SIGKILL just before the finished sweep folder is swapped in (same hook, host/io/output_folder.hpp);
  4. SIGTERM to the process group while the figures are drawn;
then a plain rerun finishes, and one more rerun must reuse every stage (nothing recomputed).

Fields that are timings or run records differ between any two runs and are left out of the comparison
(docs/design.md, "Resumable runs"): JSON keys `seconds`, `timings`, `environment`; the `seconds` column
of *.train.csv; in report.md the header line (engine, time, host), "Total time" and `"seconds":...`; in
stages/*.json the SHA-256 of those files. Everything else, arrays, models, CSVs, figures (PNG and PDF),
must be identical.

usage: resume_test.py RBMDYN MNIST WORKDIR
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

RBMDYN, MNIST, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
TIMING_KEYS = {"seconds", "timings", "environment"}
TIMING_FILES = (".train.csv", "config.json")


def command(out):
    return [RBMDYN, "reproduce", "--tiny", "--quiet", "--device", "cpu", "--mnist", MNIST, "--out", out]


def run(out, kill_at=None, signal_on=None):
    """Runs the command; kill_at sets RBMDYN_TEST_KILL_AT; signal_on = (log text, signal, delay s) sends
    the signal to the process group `delay` seconds after the text appears on stdout. Returns (code, log)."""
    env = dict(os.environ)
    env.pop("RBMDYN_TEST_KILL_AT", None)
    if kill_at:
        env["RBMDYN_TEST_KILL_AT"] = kill_at
    p = subprocess.Popen(command(out), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                         text=True, start_new_session=True)
    log = []
    for line in p.stdout:
        log.append(line)
        if signal_on and signal_on[0] in line:
            time.sleep(signal_on[2])
            os.killpg(p.pid, signal_on[1])
            signal_on = None
    code = p.wait()
    text = "".join(log)
    print(f"--- exit {code} (kill_at={kill_at})\n{text}", flush=True)
    return code, text


def expect_killed(code, text, what):
    if code == 0:
        sys.exit(f"FAIL: the run was meant to be interrupted {what}, but finished:\n{text}")


def strip_json(x):
    if isinstance(x, dict):
        return {k: strip_json(v) for k, v in x.items()
                if k not in TIMING_KEYS and not k.endswith(TIMING_FILES)}
    if isinstance(x, list):
        return [strip_json(v) for v in x]
    return x


def normalised(path, root):
    with open(path, "rb") as f:
        data = f.read().replace(root.encode(), b"OUT")  # the two runs write to different folders
    if path.endswith(".json"):
        return json.dumps(strip_json(json.loads(data)), sort_keys=True).encode()
    if path.endswith(".train.csv"):
        rows = [r.split(",") for r in data.decode().splitlines()]
        col = rows[0].index("seconds")
        return "\n".join(",".join(c for i, c in enumerate(r) if i != col) for r in rows).encode()
    if path.endswith("report.md"):
        text = data.decode()
        text = re.sub(r"Engine .*, host .*\.\n", "", text)
        text = re.sub(r"Total time .*\n", "", text)
        text = re.sub(r'"seconds":[0-9.e+-]+,?', "", text)
        return text.encode()
    return data


def tree(root):
    files = {}
    for d, dirs, names in os.walk(root):
        for n in names:
            full = os.path.join(d, n)
            files[os.path.relpath(full, root)] = full
    return files


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    ref, res = os.path.join(WORK, "uninterrupted"), os.path.join(WORK, "interrupted")
    code, text = run(ref)
    if code != 0:
        sys.exit("FAIL: the uninterrupted run failed")

    code, text = run(res, signal_on=("training the small classifier", signal.SIGINT, 2.0))
    expect_killed(code, text, "by SIGINT while training the classifier")
    code, text = run(res, kill_at="seed-1/rbm.safetensors")
    expect_killed(code, text, "by SIGKILL while writing the RBM")
    if "resuming the small classifier" not in text and "classifier: finished by an earlier run" not in text:
        sys.exit("FAIL: the classifier was neither resumed nor reused after SIGINT")
    if os.path.exists(os.path.join(res, "seed-1", "rbm.safetensors")):
        sys.exit("FAIL: an RBM file exists under its final name after SIGKILL during its write")
    code, text = run(res, kill_at="seed-1/sweep")
    expect_killed(code, text, "by SIGKILL before the sweep folder is swapped in")
    if os.path.exists(os.path.join(res, "seed-1", "sweep")):
        sys.exit("FAIL: the sweep folder exists under its final name after SIGKILL before its commit")
    code, text = run(res, signal_on=("figures: ", signal.SIGTERM, 1.0))
    expect_killed(code, text, "by SIGTERM while drawing the figures")
    code, text = run(res)
    if code != 0:
        sys.exit("FAIL: the final rerun failed")
    code, text = run(res)
    if code != 0 or text.count("reused") < 4:
        sys.exit("FAIL: a rerun of a finished reproduction did not reuse all four stages")

    a, b = tree(ref), tree(res)
    problems = []
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            problems.append(f"{name}: only in {'uninterrupted' if name in a else 'interrupted'}")
        elif normalised(a[name], ref) != normalised(b[name], res):
            problems.append(f"{name}: differs")
    if problems:
        sys.exit("FAIL: interrupted and uninterrupted outputs differ:\n  " + "\n  ".join(problems))
    print(f"ok: {len(a)} files identical (timing fields aside) after 4 interruptions")


main()
