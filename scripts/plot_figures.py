#!/usr/bin/env python3
"""Draws every panel of Fig. 2 and Fig. 3 of the study (docs/method.md §8) from a sweep folder.

Reads only the files `rbmdyn sweep` writes (no metric is recomputed here: the engine defines them once):

  config.json               chains, steps, example_steps, pairs, example chains kept
  vectors.csv               one row per biasing vector: set, digits, metric means and SEMs (docs/outputs.md)
  examples.npy              float32 [vectors, example_chains, len(example_steps), 784] visible states
  step_accuracy.npy         float32 [10, steps]  LB accuracy per biasing digit and step
  step_activity.npy         float32 [vectors, 2, steps]  % active hidden: mean, SEM (ddof 1)
  transitions_lb_pooled.npy float64 [11, 11]  row-normalised pooled LB transition matrix (NaN rows)
  lb_vectors.npy            float32 [10, n_hidden]  the continuous label-biasing vectors H_LB

Writes figures/fig2{a..f}.{png,pdf} and figures/fig3{a..e}.{png,pdf} into the sweep folder (or --out).
Usage: scripts/plot_figures.py SWEEP_DIR [--out DIR]
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
from matplotlib.ticker import MaxNLocator  # noqa: E402
import numpy as np  # noqa: E402

ND = 10  # non-digit class index
STATE_NAMES = [str(d) for d in range(10)] + ["ND"]


def fail(message):
    print(f"plot_figures.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def load_npy(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        fail(f"{path} is missing (was this folder written by `rbmdyn sweep`?)")
    return np.load(path)


def state_time_column(state, stat):
    """vectors.csv column of the mean or SEM of the steps spent in class `state` (10 = non-digit)."""
    return f"state_time_{state if state < 10 else 'nondigit'}_{stat}"


def load_vectors(folder):
    path = os.path.join(folder, "vectors.csv")
    if not os.path.exists(path):
        fail(f"{path} is missing")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    text_columns = {"set", "name"}
    for r in rows:
        for k, v in r.items():
            if k not in text_columns:
                r[k] = float(v) if v not in ("", "nan") else math.nan
    return rows


def step_axis(ax):
    """An x axis of generation steps: labelled, integer ticks only (steps are whole numbers)."""
    ax.set_xlabel("generation step")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def save(fig, out, name):
    for ext in ("png", "pdf"):
        fig.savefig(os.path.join(out, f"{name}.{ext}"), dpi=150, bbox_inches="tight")
    plt.close(fig)


def trajectory_grid(ax_grid, images, steps, col_titles):
    """images: [cols, len(steps), 784]; rows = steps, columns = trajectories."""
    for r, step in enumerate(steps):
        for c in range(images.shape[0]):
            ax = ax_grid[r][c]
            ax.imshow(images[c, r].reshape(28, 28), cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(col_titles[c], fontsize=8)
            if c == 0:
                ax.set_ylabel(f"step {step}", fontsize=7)


def fig2(folder, out, cfg, vectors):
    lb = [r for r in vectors if r["set"] == "lb"]
    steps = cfg["example_steps"]
    examples = load_npy(folder, "examples.npy")

    # 2a: one column per digit (LB vectors 0..9, first example chain), rows = example steps.
    fig, axes = plt.subplots(len(steps), 10, figsize=(10, len(steps) * 1.05), squeeze=False)
    trajectory_grid(axes, examples[:10, 0], steps, [f"digit {d}" for d in range(10)])
    fig.suptitle("Fig. 2a  label biasing: the first chain of each digit (rows: generation step)")
    save(fig, out, "fig2a")

    # 2b: accuracy per biasing digit against step.
    acc = load_npy(folder, "step_accuracy.npy")
    fig, ax = plt.subplots(figsize=(6, 4))
    x = np.arange(1, acc.shape[1] + 1)
    for d in range(10):
        ax.plot(x, acc[d], label=str(d), color=plt.cm.tab10(d))
    ax.set_ylim(0, 1)
    step_axis(ax)
    ax.set_ylabel("classifier accuracy")
    ax.legend(title="digit", ncol=2, fontsize=7)
    ax.set_title("Fig. 2b  classifier accuracy per biasing digit, by step")
    save(fig, out, "fig2b")

    # 2c: % active hidden units, mean ± SEM (ddof 1) band per digit.
    act = load_npy(folder, "step_activity.npy")
    fig, ax = plt.subplots(figsize=(6, 4))
    x = np.arange(1, act.shape[2] + 1)
    for d in range(10):
        m, s = act[d, 0], act[d, 1]
        ax.plot(x, m, color=plt.cm.tab10(d), label=str(d))
        ax.fill_between(x, m - s, m + s, color=plt.cm.tab10(d), alpha=0.25)
    ax.set_ylim(0, 100)
    step_axis(ax)
    ax.set_ylabel("% active hidden units")
    ax.legend(title="digit", ncol=2, fontsize=7)
    ax.set_title("Fig. 2c  % active hidden units per digit (mean ± SEM over chains)")
    save(fig, out, "fig2c")

    # 2d: visited states and transitions (runs) per digit, SEM ddof 0.
    fig, ax = plt.subplots(figsize=(6, 4))
    d = np.arange(10)
    w = 0.38
    ax.bar(d - w / 2, [r["visited_states_mean"] for r in lb], w, yerr=[r["visited_states_sem"] for r in lb],
           label="visited states", capsize=2)
    ax.bar(d + w / 2, [r["transitions_mean"] for r in lb], w, yerr=[r["transitions_sem"] for r in lb],
           label="transitions", capsize=2)
    ax.set_xticks(d)
    ax.set_xlabel("biasing digit")
    ax.set_ylim(0, 10)
    ax.legend()
    ax.set_title("Fig. 2d  visited states and transitions per digit (mean ± SEM over chains)")
    save(fig, out, "fig2d")

    # 2e: mean state time, 10 biasing digits × 11 states.
    st = np.array([[r[state_time_column(s, "mean")] for s in range(11)] for r in lb])
    fig, ax = plt.subplots(figsize=(7, 5))
    im = ax.imshow(st, cmap="viridis", vmin=0, vmax=cfg["steps"])
    for i in range(10):
        for j in range(11):
            ax.text(j, i, f"{st[i, j]:.1f}", ha="center", va="center", fontsize=6,
                    color="white" if st[i, j] < 0.6 * cfg["steps"] else "black")
    ax.set_xticks(range(11), STATE_NAMES)
    ax.set_yticks(range(10))
    ax.set_xlabel("state")
    ax.set_ylabel("biasing digit")
    fig.colorbar(im, ax=ax, label="steps")
    ax.set_title("Fig. 2e  mean steps spent in each state, per biasing digit")
    save(fig, out, "fig2e")

    # 2f: pooled LB transition matrix, percent.
    p = load_npy(folder, "transitions_lb_pooled.npy") * 100.0
    fig, ax = plt.subplots(figsize=(7, 6))
    im = ax.imshow(np.nan_to_num(p, nan=0.0), cmap="magma", vmin=0, vmax=100)
    for i in range(11):
        for j in range(11):
            text = "–" if math.isnan(p[i, j]) else f"{p[i, j]:.1f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=6,
                    color="white" if (math.isnan(p[i, j]) or p[i, j] < 60) else "black")
    ax.set_xticks(range(11), STATE_NAMES)
    ax.set_yticks(range(11), STATE_NAMES)
    ax.set_xlabel("to")
    ax.set_ylabel("from")
    fig.colorbar(im, ax=ax, label="%")
    ax.set_title("Fig. 2f  transition probabilities (all LB trajectories)")
    save(fig, out, "fig2f")


def pair_heatmap(ax, rows, title):
    grid = np.full((10, 10), np.nan)
    for r in rows:
        a, b = int(r["digit_a"]), int(r["digit_b"])
        grid[b, a] = r["visited_states_mean"]  # row i > col j shows pair {j, i}
    im = ax.imshow(grid, cmap="viridis", vmin=1, vmax=max(2.0, np.nanmax(grid)))
    for i in range(10):
        for j in range(i):
            ax.text(j, i, f"{grid[i, j]:.1f}", ha="center", va="center", fontsize=7, color="white")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_title(title)
    return im


def chimera_examples(folder, out, cfg, vectors, set_name, letter):
    steps = cfg["example_steps"]
    examples = load_npy(folder, "examples.npy")
    rows = {(int(r["digit_a"]), int(r["digit_b"])): (i, r) for i, r in enumerate(vectors) if r["set"] == set_name}
    chosen = [(3, 6), (6, 9)]
    for pair in chosen:
        if pair not in rows:
            fail(f"vectors.csv has no {set_name} vector for pair {pair}")
    n_ex = min(3, examples.shape[1])
    cols = np.concatenate([examples[rows[p][0], :n_ex] for p in chosen])
    titles = [f"{{{p[0]},{p[1]}}} #{k + 1}" for p in chosen for k in range(n_ex)]
    fig = plt.figure(figsize=(2 * n_ex + 5, len(steps) * 1.05))
    gs = fig.add_gridspec(len(steps), 2 * n_ex + 3, hspace=0.4)
    axes = [[fig.add_subplot(gs[r, c]) for c in range(2 * n_ex)] for r in range(len(steps))]
    trajectory_grid(axes, cols, steps, titles)
    for k, pair in enumerate(chosen):
        half = len(steps) // 2
        ax = fig.add_subplot(gs[k * half + k:(k + 1) * half, 2 * n_ex + 1:])
        r = rows[pair][1]
        ax.bar(range(11), [r[state_time_column(s, "mean")] for s in range(11)],
               yerr=[r[state_time_column(s, "sem")] for s in range(11)],
               color=[plt.cm.tab10(s) for s in range(10)] + ["grey"], capsize=2)
        ax.set_xticks(range(11), STATE_NAMES, fontsize=7)
        tallest = max(r[state_time_column(s, "mean")] + r[state_time_column(s, "sem")] for s in range(11))
        ax.set_ylim(0, max(50, 5 * math.ceil(tallest / 5)))  # the paper's [0, 50] unless a bar is taller
        ax.set_ylabel("mean state time")
        ax.set_title(f"{{{pair[0]},{pair[1]}}}", fontsize=8)
    fig.suptitle(f"Fig. 3{letter}  {set_name} chimeras {{3,6}} and {{6,9}}: example chains (rows: generation step) "
                 "and mean state time ± SEM")
    save(fig, out, f"fig3{letter}")


def fig3(folder, out, cfg, vectors):
    lbv = load_npy(folder, "lb_vectors.npy")
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.boxplot([lbv[d] for d in range(10)], flierprops={"markersize": 2})
    ax.set_xticks(range(1, 11), [str(d) for d in range(10)])
    ax.set_ylim(0, 1)
    ax.set_xlabel("digit")
    ax.set_ylabel("P(h = 1)")
    ax.set_title("Fig. 3a  label-biasing vectors: distribution of P(h = 1) per digit")
    save(fig, out, "fig3a")

    for set_name, heat, ex in (("intersection", "b", "c"), ("double", "d", "e")):
        rows = [r for r in vectors if r["set"] == set_name]
        if not rows:
            continue
        fig, ax = plt.subplots(figsize=(6, 5))
        im = pair_heatmap(ax, rows, f"Fig. 3{heat}  mean visited states per digit pair, {set_name}")
        fig.colorbar(im, ax=ax)
        save(fig, out, f"fig3{heat}")
        chimera_examples(folder, out, cfg, vectors, set_name, ex)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir")
    parser.add_argument("--out", help="figure folder (default SWEEP_DIR/figures)")
    args = parser.parse_args()
    cfg_path = os.path.join(args.sweep_dir, "config.json")
    if not os.path.exists(cfg_path):
        fail(f"{cfg_path} is missing")
    with open(cfg_path) as f:
        cfg = json.load(f)
    out = args.out or os.path.join(args.sweep_dir, "figures")
    os.makedirs(out, exist_ok=True)
    vectors = load_vectors(args.sweep_dir)
    sets = {r["set"] for r in vectors}
    if "lb" in sets:
        fig2(args.sweep_dir, out, cfg, vectors)
    fig3(args.sweep_dir, out, cfg, vectors)
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
