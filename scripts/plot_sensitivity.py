#!/usr/bin/env python3
"""Forest plot of a sensitivity analysis: each variant's headline numbers with error bars, the paper's
value marked (docs/fidelity.md; host/reproduce/fidelity.hpp).

Reads only sensitivity.json as `rbmdyn sensitivity` (or `rbmdyn reproduce`) writes it:
  rows      [{id, name, paper, units, scale ("linear" | "log10"), ...}]  the §9 numbers
  variants  [{name, level, change, ...}]                              "default" first
  summary   [{variant, id, n, mean, sd, ...}]                         per variant × number, on the row's scale

One panel per main number; y = variants (default on top), x = mean ± SD across the variant's cells (a
lone cell is drawn without a bar); the dashed line is the paper's value and the shaded band the
default's mean ± 2 SD. p-values are drawn on a log10 axis.
Writes OUT.png and OUT.pdf. Usage: scripts/plot_sensitivity.py sensitivity.json --out DIR/forest
"""
import argparse
import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# The numbers shown, in this order (those absent from the file are skipped).
MAIN = [
    "lb_visited_states", "2lb_visited_states", "int_visited_states",
    "lb_nondigit_time_digits_1_9", "2lb_nondigit_time", "int_nondigit_time",
    "lb_accuracy_step100", "lb_accuracy_digit0_step100", "lb_transitions",
    "lb_active_step1", "k_from_step1_activity", "lb_p_same_digit",
    "2lb_mwu_visited_p", "int_mwu_visited_p", "rho_methods_visited_pearson",
    "classifier_val_accuracy",
]


def fail(message):
    print(f"plot_sensitivity.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def finite(x):
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", help="sensitivity.json")
    parser.add_argument("--out", required=True, help="output path without extension")
    args = parser.parse_args()
    try:
        with open(args.json, encoding="utf-8") as f:
            data = json.load(f)
        rows = {r["id"]: r for r in data["rows"]}
        variants = [v["name"] for v in data["variants"]]
        summary = {(s["variant"], s["id"]): s for s in data["summary"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"{args.json}: {e}")
    ids = [i for i in MAIN if i in rows]
    if not ids or not variants:
        fail(f"{args.json}: no numbers or no variants to draw")

    cols = 4
    nrows = math.ceil(len(ids) / cols)
    height = max(2.5, 0.28 * len(variants) + 1.0)
    fig, axes = plt.subplots(nrows, cols, figsize=(4.2 * cols, height * nrows), squeeze=False)
    y = list(range(len(variants)))[::-1]  # default on top
    for k, ident in enumerate(ids):
        ax = axes[k // cols][k % cols]
        row = rows[ident]
        log = row.get("scale") == "log10"
        default = summary.get((variants[0], ident), {})
        if finite(default.get("mean")) and finite(default.get("sd")):
            lo, hi = default["mean"] - 2 * default["sd"], default["mean"] + 2 * default["sd"]
            ax.axvspan(10 ** lo if log else lo, 10 ** hi if log else hi, color="0.9", zorder=0)
        for yy, name in zip(y, variants):
            s = summary.get((name, ident), {})
            if not finite(s.get("mean")):
                continue
            m = s["mean"]
            sd = s["sd"] if finite(s.get("sd")) else 0.0
            x, lo, hi = (10 ** m, 10 ** (m - sd), 10 ** (m + sd)) if log else (m, m - sd, m + sd)
            ax.errorbar([x], [yy], xerr=[[x - lo], [hi - x]], fmt="o", ms=4,
                        color="C0" if name == variants[0] else "C1", capsize=2)
        if finite(row.get("paper")):
            ax.axvline(row["paper"], color="k", ls="--", lw=1)
        if log:
            ax.set_xscale("log")
        units = f" ({row['units']})" if row.get("units") else ""
        ax.set_title(row["name"] + units, fontsize=8)
        ax.set_yticks(y)
        ax.set_yticklabels(variants if k % cols == 0 else [""] * len(variants), fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
    for k in range(len(ids), nrows * cols):
        axes[k // cols][k % cols].axis("off")
    fig.suptitle("Sensitivity: mean ± SD across seeds per variant; dashed = paper, band = default ± 2 SD", fontsize=10)
    fig.tight_layout()
    for ext in ("png", "pdf"):
        fig.savefig(f"{args.out}.{ext}", dpi=110)
    print(f"wrote {args.out}.png and {args.out}.pdf")


if __name__ == "__main__":
    main()
