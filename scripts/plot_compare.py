#!/usr/bin/env python3
"""Draws the figures of the model comparison (dbn.md §8; `rbmdyn compare`, host/reproduce/compare_models.hpp)
from one compare folder (or one seed-<s>/ folder of `compare --seeds N`).

Reads only what `rbmdyn compare` writes (no metric is recomputed from raw predictions):

  compare.json                          rows: per model and method ours, ours_sem, paper (docs/outputs.md)
  <model>/sweep/vectors.csv             per vector: set, state_time_nondigit_mean (steps of 100 in the
                                        non-digit state, mean over the vector's chains)
  <model>/sweep/transitions_lb_pooled.npy  float64 [11, 11] row-normalised pooled LB transitions (NaN rows)

Writes into --out (default <folder>/figures), PNG and PDF each:

  compare_visited_states   mean visited states per method and model, ± SEM over vectors, the authors'
                           stored means (dbn.md §8) as black ticks
  compare_nondigit_time    mean steps in the non-digit state per method and model, ± SEM over vectors
  compare_transitions      the pooled LB transition matrix of each model, P(next state | current state)
  compare_nondigit_time.csv  the numbers of compare_nondigit_time (model, method, mean, sem, n)

Usage: scripts/plot_compare.py COMPARE_DIR [--out DIR]
"""
import argparse
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

METHODS = [("lb", "LB"), ("double", "double LB"), ("intersection", "intersection")]
STATE_NAMES = [str(d) for d in range(10)] + ["ND"]


def fail(message):
    print(f"plot_compare.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def save(fig, out, name):
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(out, f"{name}.{ext}"), dpi=150, bbox_inches="tight")
    plt.close(fig)


def nondigit_time(folder, model):
    """Per method: (mean, SEM with ddof 0, n) over the vectors of the per-vector mean non-digit time."""
    path = os.path.join(folder, model, "sweep", "vectors.csv")
    if not os.path.exists(path):
        fail(f"{path}: missing (the model's sweep folder)")
    by_set = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            by_set.setdefault(row["set"], []).append(float(row["state_time_nondigit_mean"]))
    out = {}
    for method, _ in METHODS:
        v = by_set.get(method, [])
        if not v:
            fail(f"{path}: no vector of set '{method}'")
        m = sum(v) / len(v)
        sem = math.sqrt(sum((x - m) ** 2 for x in v) / len(v)) / math.sqrt(len(v))
        out[method] = (m, sem, len(v))
    return out


def grouped_bars(ax, models, values, errors, paper=None):
    width = 0.8 / len(models)
    x = np.arange(len(METHODS))
    for i, model in enumerate(models):
        ax.bar(x + (i - (len(models) - 1) / 2) * width, values[i], width, yerr=errors[i], capsize=3, label=model)
        if paper is not None:
            for j, p in enumerate(paper[i]):
                if p is not None:
                    xj = x[j] + (i - (len(models) - 1) / 2) * width
                    ax.plot([xj - width / 2, xj + width / 2], [p, p], color="black", linewidth=2,
                            label="authors' stored mean" if (i, j) == (0, 0) else None)
    ax.set_xticks(x)
    ax.set_xticklabels([label for _, label in METHODS])
    ax.legend(fontsize=8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--out")
    args = parser.parse_args()
    out = args.out or os.path.join(args.folder, "figures")
    path = os.path.join(args.folder, "compare.json")
    try:
        report = json.load(open(path))
        rows = {(r["model"], r["method"]): r for r in report["rows"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"{path}: {e}")
    models = list(dict.fromkeys(r["model"] for r in report["rows"]))
    os.makedirs(out, exist_ok=True)
    seed = report.get("seed", "?")

    fig, ax = plt.subplots(figsize=(6.5, 4))
    grouped_bars(ax, models, [[rows[(m, k)]["ours"] for k, _ in METHODS] for m in models],
                 [[rows[(m, k)]["ours_sem"] for k, _ in METHODS] for m in models],
                 [[rows[(m, k)]["paper"] for k, _ in METHODS] for m in models])
    ax.set_ylabel("mean visited states (of 11)")
    ax.set_title(f"Visited states per biasing method and model (dbn.md §8), seed {seed}")
    save(fig, out, "compare_visited_states")

    nd = {m: nondigit_time(args.folder, m) for m in models}
    with open(os.path.join(out, "compare_nondigit_time.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["model", "method", "nondigit_steps_mean", "nondigit_steps_sem", "vectors"])
        for m in models:
            for k, _ in METHODS:
                w.writerow([m, k, repr(nd[m][k][0]), repr(nd[m][k][1]), nd[m][k][2]])
    fig, ax = plt.subplots(figsize=(6.5, 4))
    grouped_bars(ax, models, [[nd[m][k][0] for k, _ in METHODS] for m in models],
                 [[nd[m][k][1] for k, _ in METHODS] for m in models])
    ax.set_ylabel("steps in the non-digit state (of 100)")
    ax.set_title(f"Time in the non-digit state per biasing method and model, seed {seed}")
    save(fig, out, "compare_nondigit_time")

    fig, axes = plt.subplots(1, len(models), figsize=(3.6 * len(models), 3.6), squeeze=False)
    for i, (ax, m) in enumerate(zip(axes[0], models)):
        p = os.path.join(args.folder, m, "sweep", "transitions_lb_pooled.npy")
        try:
            t = np.load(p)
        except (OSError, ValueError) as e:
            fail(f"{p}: {e}")
        if t.shape != (11, 11):
            fail(f"{p}: shape {t.shape}, expected (11, 11)")
        image = ax.imshow(np.nan_to_num(t, nan=0.0), vmin=0, vmax=1, cmap="viridis")
        ax.set_xticks(range(11))
        ax.set_yticks(range(11))
        ax.set_xticklabels(STATE_NAMES, fontsize=7)
        ax.set_yticklabels(STATE_NAMES, fontsize=7)
        ax.set_xlabel("next state")
        if i == 0:
            ax.set_ylabel("current state")
        ax.set_title(m, fontsize=10)
    fig.colorbar(image, ax=axes[0].tolist(), shrink=0.8, label="P(next | current)")
    fig.suptitle(f"Pooled transitions under label biasing, per model, seed {seed}")
    save(fig, out, "compare_transitions")
    print(f"plot_compare.py: figures in {out}")


if __name__ == "__main__":
    main()
