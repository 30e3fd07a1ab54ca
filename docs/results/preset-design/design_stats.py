#!/usr/bin/python3
"""The preset design's criteria for savings run directories (network-NNNN.h5), fixed before any
phase variant was run (docs/results/preset-design/README.md):

R3       NF2 final - NF1 final LD, paired over networks: not significant (two-sided paired t,
         alpha = 0.05) and |mean| <= 0.2 mm. "Final" is the last batch's LD, as the report (and the
         authors' code, index -1) takes it; the mean of the last 10 batches is printed beside it.
plateau  FF1's network-mean LD curve: |mean of the last 10 batches - mean of the last 100| <= 1 mm
         (also counted per network).
R1/R2    are reported by `reachlab-cli report DIR`, not here: never tuned for.

Usage: design_stats.py DIR [DIR...]   (needs python3-h5py)"""
import glob, math, os, sys
import h5py
import numpy as np


def betacf(a, b, x):
    m, qab, qap, qam = 1, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > 1e-300 else 1e-300)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d; d = 1.0 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > 1e-300 else 1e-300
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d; d = 1.0 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > 1e-300 else 1e-300
        de = d * c
        h *= de
        if abs(de - 1.0) < 1e-14:
            break
    return h


def betai(a, b, x):
    if x <= 0 or x >= 1:
        return 0.0 if x <= 0 else 1.0
    bt = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return bt * betacf(a, b, x) / a
    return 1.0 - bt * betacf(b, a, 1 - x) / b


def ttest1(d):
    """one-sample t of d against 0: mean, sd, t, df, two-sided p"""
    d = np.asarray(d, float)
    n = len(d)
    m, s = d.mean(), d.std(ddof=1)
    t = m / (s / math.sqrt(n)) if s > 0 else float("nan")
    df = n - 1
    p = betai(df / 2, 0.5, df / (df + t * t)) if s > 0 else float("nan")
    return m, s, t, df, p


def load(path):
    with h5py.File(path, "r") as f:
        return {ph: 1e3 * f[f"log/{ph}/ld"][()] for ph in ("NF1", "FF1", "NF2", "FF2")}


for d in sys.argv[1:]:
    files = sorted(glob.glob(os.path.join(d, "network-*.h5")))
    runs = [load(p) for p in files]
    runs = [r for r in runs if all(len(r[k]) for k in r)]
    n = len(runs)
    if n < 2:
        print(f"{d}: {n} finished networks")
        continue
    w1 = [r["NF2"][-1] - r["NF1"][-1] for r in runs]
    w10 = [r["NF2"][-10:].mean() - r["NF1"][-10:].mean() for r in runs]
    m, s, t, df, p = ttest1(w1)
    m10, s10, t10, df10, p10 = ttest1(w10)
    ff1 = np.mean([r["FF1"] for r in runs], axis=0)
    ff2 = np.mean([r["FF2"] for r in runs], axis=0)
    gap = ff1[-10:].mean() - ff1[-100:].mean()
    gap2 = ff2[-10:].mean() - ff2[-100:].mean()
    per = sum(abs(r["FF1"][-10:].mean() - r["FF1"][-100:].mean()) <= 1.0 for r in runs)
    r3 = (p >= 0.05) and abs(m) <= 0.2
    pl = abs(gap) <= 1.0
    print(f"{d}: n = {n}; batches NF1/FF1/NF2/FF2 {len(runs[0]['NF1'])}/{len(runs[0]['FF1'])}/"
          f"{len(runs[0]['NF2'])}/{len(runs[0]['FF2'])}")
    print(f"  R3 NF2-NF1 final (last batch)   mean {m:+.3f} mm, sd {s:.3f}, t({df}) = {t:+.2f}, p = {p:.3g}"
          f"  -> {'PASS' if r3 else 'FAIL'}")
    print(f"     (mean of last 10 batches)     mean {m10:+.3f} mm, sd {s10:.3f}, t({df10}) = {t10:+.2f}, p = {p10:.3g}")
    print(f"  NF1 final {np.mean([r['NF1'][-10:].mean() for r in runs]):+.3f} mm, NF2 final "
          f"{np.mean([r['NF2'][-10:].mean() for r in runs]):+.3f} mm (last-10 means)")
    print(f"  plateau FF1 mean curve: last-10 {ff1[-10:].mean():.3f} mm, last-100 {ff1[-100:].mean():.3f} mm, "
          f"diff {gap:+.3f} mm -> {'PASS' if pl else 'FAIL'}; per network within 1 mm: {per}/{n}")
    print(f"  FF2 mean curve: last-10 {ff2[-10:].mean():.3f}, last-100 {ff2[-100:].mean():.3f} (diff {gap2:+.3f}) mm")
    print(f"  batch-0 LD: FF1 {ff1[0]:.2f} mm, FF2 {ff2[0]:.2f} mm; FF1 final {ff1[-10:].mean():.2f}, "
          f"FF2 final {ff2[-10:].mean():.2f} mm; NF2 batch 0 {np.mean([r['NF2'][0] for r in runs]):+.2f} mm")
