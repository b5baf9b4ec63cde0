#!/usr/bin/env python3
"""Independent reference for tests/analysis/paper_numbers_test.cpp.

Builds the same synthetic label-biasing, intersection and double-LB predictions as the C++ test
(make_lb / make_chimera there), computes docs/method.md §7 metrics and the §9 headline numbers with plain
numpy/scipy written from the spec (not from the C++ code), and prints the values the test pastes in.
Run with scipy 1.17.1 / numpy 2.4.6: python3 paper_numbers_reference.py
"""
import itertools

import numpy as np
from scipy import stats

STEPS = 100
ND = 10


def lb_chain(d, r):
    if d == 0:
        seq = [0] * STEPS
        if r == 3:
            seq[90:] = [ND] * 10
        return seq
    stay = min(10 + 7 * d + 13 * r, STEPS)
    seq = [d] * stay
    for e in range((d + r) % 3):
        seq += [(d + e + 1) % 10] * 3
    if r % 2 == 0:
        seq += [d] * 2
    return (seq + [ND] * STEPS)[:STEPS]


def chimera_chain(i, a, b, r, salt):
    if r == 0:
        seq = [a] * 5 + [b] * 5 + [a] * 5
        nd_tail = (i * salt) % 40
        seq += [ND] * 10
        seq += [b] * (STEPS - len(seq) - nd_tail)
        return (seq + [ND] * STEPS)[:STEPS]
    k = (i + salt) % 4 + 1
    seq = []
    for j in range(k):
        seq += [(a + j * b + j) % 10] * 4
    tail = (i * 3 + salt) % 50
    seq += [seq[-1]] * (STEPS - len(seq) - tail)
    return (seq + [ND] * STEPS)[:STEPS]


def metrics(seq):
    d = [s for s in seq if s != ND]
    v = len(set(d))
    runs = 0 if not d else 1 + sum(d[i] != d[i - 1] for i in range(1, len(d)))
    st = np.bincount(seq, minlength=11)
    return v, runs, st


def group_means(chains, per_group):
    out = []
    for g in range(len(chains) // per_group):
        ms = [metrics(c) for c in chains[g * per_group:(g + 1) * per_group]]
        v = np.round(np.mean([m[0] for m in ms]), 2)
        r = np.round(np.mean([m[1] for m in ms]), 2)
        nd = np.round(np.mean([m[2][ND] for m in ms]), 2)
        out.append((v, r, nd))
    return np.array(out)


def sem0(x):
    return np.std(x) / np.sqrt(len(x))


lb = [lb_chain(d, r) for d in range(10) for r in range(4)]
pairs = list(itertools.combinations(range(10), 2))
inter = [chimera_chain(i, a, b, r, 7) for i, (a, b) in enumerate(pairs) for r in range(2)]
dlb = [chimera_chain(i, a, b, r, 9) for i, (a, b) in enumerate(pairs) for r in range(2)]

pred = np.array(lb)
labels = np.repeat(np.arange(10), 4)
acc = (pred == labels[:, None]).mean(0)
print("lb_accuracy_step100", repr(100 * acc[99]))
print("lb_accuracy_digit0_step100", repr(100 * (pred[:4, 99] == 0).mean()))
t = np.arange(STEPS)
n = np.arange(40)[:, None]
ent = (0.1 + 0.01 * t[None, :] + 0.001 * ((n * 7 + t[None, :] * 3) % 5)).astype(np.float32).astype(np.float64)
p = stats.pearsonr(acc, ent.mean(0))
s = stats.spearmanr(acc, ent.mean(0))
print("rho pearson", repr(p.statistic), repr(p.pvalue))
print("rho spearman", repr(s.statistic), repr(s.pvalue))
d = np.repeat(np.arange(10), 4)[:, None]
r = np.tile(np.arange(4), 10)[:, None]
act = (15 + 0.1 * d + 0.05 * t[None, :] + 0.01 * r).astype(np.float32).astype(np.float64)
per_digit = act.reshape(10, 4, STEPS).mean(1)
print("active step1", repr(per_digit[:, 0].mean()), repr(sem0(per_digit[:, 0])))
print("active step100", repr(per_digit[:, 99].mean()), repr(sem0(per_digit[:, 99])))
lbg = group_means(lb, 4)
print("lb visited", repr(lbg[:, 0].mean()), repr(sem0(lbg[:, 0])))
print("lb runs", repr(lbg[:, 1].mean()), repr(sem0(lbg[:, 1])))
print("lb nd 1-9", repr(lbg[1:, 2].mean()), repr(sem0(lbg[1:, 2])))
M = np.zeros((11, 11))
for c in lb:
    for x, y in zip(c[:-1], c[1:]):
        M[x, y] += 1
with np.errstate(invalid="ignore"):
    P = M / M.sum(1, keepdims=True)
diag = np.array([P[i, i] for i in range(10)])
diag = diag[~np.isnan(diag)]
off = np.array([P[i, j] for i in range(11) for j in range(11) if i != j])
off = off[~np.isnan(off)]
print("same", repr(diag.mean()), repr(sem0(diag)), len(diag))
print("other", repr(off.mean()), repr(sem0(off)), len(off))
print("nd stay", repr(P[ND, ND]))
for name, chains in (("int", inter), ("2lb", dlb)):
    g = group_means(chains, 2)
    print(name, "visited", repr(g[:, 0].mean()), repr(sem0(g[:, 0])))
    print(name, "nd", repr(g[:, 2].mean()), repr(sem0(g[:, 2])))
    print(name, "p visited", repr(stats.mannwhitneyu(g[:, 0], lbg[:, 0], alternative="greater").pvalue))
    print(name, "p nd", repr(stats.mannwhitneyu(g[:, 2], lbg[:, 2], alternative="less").pvalue))
    print(name, "p nd 9", repr(stats.mannwhitneyu(g[:, 2], lbg[1:, 2], alternative="less").pvalue))
    print(name, "max V", max(metrics(c)[0] for c in chains))
gi, gd = group_means(inter, 2), group_means(dlb, 2)
p = stats.pearsonr(gi[:, 0], gd[:, 0])
s = stats.spearmanr(gi[:, 0], gd[:, 0])
print("rho methods", repr(p.statistic), repr(p.pvalue), repr(s.statistic), repr(s.pvalue))
print("lb max V", max(metrics(c)[0] for c in lb))
print("pair (6,9) index", pairs.index((6, 9)), "int V", group_means(inter, 2)[41, 0], "2lb V", group_means(dlb, 2)[41, 0])
vt = np.array([metrics(c)[0] for c in lb])
print("lb visited per trajectory", repr(vt.mean()), repr(sem0(vt)))
print("digit 0 time as 0", repr(np.mean([metrics(c)[2][0] for c in lb[:4]])))
print("nd all 10", repr(lbg[:, 2].mean()), repr(sem0(lbg[:, 2])))
