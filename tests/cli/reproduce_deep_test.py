#!/usr/bin/env python3
"""ctest (label e2e): `rbmdyn reproduce --model idbn --quick --seeds 2` (the deep-model study of
docs/dbn.md through `compare`, issue 12) with the classifier of EndToEnd.CompareQuick, checked by value:

  * seed 1's RBM and iDBN rows equal those `compare --quick` wrote for the same seed and classifier in
    EndToEnd.CompareQuick (another command line, another model list, the same numbers to the last bit);
  * seed 2 differs from seed 1 (the seed reaches training, readout and chains);
  * each seed's figures (scripts/plot_compare.py) exist, and the non-digit times they plot
    (figures/compare_nondigit_time.csv) are the mean and SEM (ddof 0) over vectors of vectors.csv's
    state_time_nondigit_mean, recomputed here;
  * the across-seed table (compare.json "across_seeds") holds each seed's value, their mean and SD
    (ddof 1) recomputed here, and per deep row the count of seeds in which the deep model visits more
    states than the RBM, recomputed here from the per-seed unrounded means.

usage: reproduce_deep_test.py RBMDYN MNIST COMPARE_QUICK_DIR WORKDIR
"""
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys

RBMDYN, MNIST, COMPARE, WORK = sys.argv[1:5]


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def rows_by_key(report):
    return {(r["model"], r["method"]): r for r in report["rows"]}


shutil.rmtree(WORK, ignore_errors=True)
cmd = [RBMDYN, "reproduce", "--model", "idbn", "--quick", "--quiet", "--device", "cpu", "--seeds", "2", "--mnist", MNIST,
       "--classifier", COMPARE + "/classifier.safetensors", "--out", WORK]
run = subprocess.run(cmd, capture_output=True, text=True)
print(run.stdout + run.stderr)
if run.returncode != 0:
    fail(f"reproduce --model idbn exited with {run.returncode}")

seed = {s: json.load(open(f"{WORK}/seed-{s}/compare.json")) for s in (1, 2)}
quick = rows_by_key(json.load(open(COMPARE + "/compare.json")))
one, two = rows_by_key(seed[1]), rows_by_key(seed[2])
if sorted(one) != sorted((m, k) for m in ("rbm", "idbn") for k in ("lb", "double", "intersection")):
    fail(f"seed 1 rows {sorted(one)}")
for key, row in one.items():
    for field in ("ours", "ours_sem", "ours_unrounded", "p_vs_rbm", "more_states_than_rbm"):
        if row[field] != quick[key][field]:
            fail(f"seed 1 {key} {field}: {row[field]} here, {quick[key][field]} in compare --quick")
if all(one[k]["ours_unrounded"] == two[k]["ours_unrounded"] for k in one):
    fail("seed 2 gave exactly seed 1's values")

for s_ in (1, 2):
    folder = f"{WORK}/seed-{s_}"
    for name in ("compare_visited_states.png", "compare_nondigit_time.png", "compare_transitions.png"):
        if not os.path.getsize(f"{folder}/figures/{name}"):
            fail(f"seed {s_}: figures/{name} is empty")
    with open(f"{folder}/figures/compare_nondigit_time.csv", newline="") as f:
        plotted = list(csv.DictReader(f))
    if len(plotted) != 6:
        fail(f"seed {s_}: compare_nondigit_time.csv has {len(plotted)} rows, expected 6")
    for p in plotted:
        with open(f"{folder}/{p['model']}/sweep/vectors.csv", newline="") as f:
            v = [float(r["state_time_nondigit_mean"]) for r in csv.DictReader(f) if r["set"] == p["method"]]
        want_mean, want_sem = statistics.mean(v), statistics.pstdev(v) / math.sqrt(len(v))
        if int(p["vectors"]) != len(v) or not math.isclose(float(p["nondigit_steps_mean"]), want_mean, rel_tol=1e-12) \
                or not math.isclose(float(p["nondigit_steps_sem"]), want_sem, rel_tol=1e-9, abs_tol=1e-12):
            fail(f"seed {s_} {p['model']} {p['method']}: plotted {p}, recomputed mean {want_mean} sem {want_sem}")

summary = json.load(open(f"{WORK}/compare.json"))["across_seeds"]
if summary["seeds"] != [1, 2] or len(summary["rows"]) != 6:
    fail(f"across_seeds: seeds {summary['seeds']}, {len(summary['rows'])} rows")
for r in summary["rows"]:
    key = (r["model"], r["method"])
    values = [seed[s_]["rows"][[(x["model"], x["method"]) for x in seed[s_]["rows"]].index(key)]["ours"] for s_ in (1, 2)]
    if [p["ours"] for p in r["per_seed"]] != values:
        fail(f"{key}: per-seed values {[p['ours'] for p in r['per_seed']]}, per-seed files {values}")
    if not math.isclose(r["mean"], statistics.mean(values), rel_tol=1e-12) or not math.isclose(
            r["sd"], statistics.stdev(values), rel_tol=1e-9):
        fail(f"{key}: mean {r['mean']} sd {r['sd']}, recomputed {statistics.mean(values)} {statistics.stdev(values)}")
    if r["model"] == "rbm":
        if r["seeds_more_than_rbm"] is not None:
            fail(f"{key}: the RBM has a count against itself")
        continue
    more = sum(rows_by_key(seed[s_])[key]["ours_unrounded"] > rows_by_key(seed[s_])[("rbm", r["method"])]["ours_unrounded"]
               for s_ in (1, 2))
    if r["seeds_more_than_rbm"] != more or r["finding_in_every_seed"] != (more == 2):
        fail(f"{key}: {r['seeds_more_than_rbm']} seeds with more states, recomputed {more}")
    print(f"{key}: {values}, mean {r['mean']:.3f} ± {r['sd']:.3f}, more states than the RBM in {more} of 2 seeds")
print("ok")
