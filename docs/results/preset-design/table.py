#!/usr/bin/python3
"""The README's variant table from the run directories (and their report summary.txt for R1/R2).
Usage: table.py RUNS_DIR VARIANT..."""
import glob, os, re, sys
import numpy as np
sys.argv, argv = [sys.argv[0]], sys.argv
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "design_stats.py")).read().split("for d in sys.argv")[0])
runs_dir, variants = argv[1], argv[2:]
print("| variant | batches NF1/FF1/NF2/FF2 | lr | budget | phase batches | n | R3 last batch | R3 last 10 | R3 | plateau | FF1 end | R1 (FF1 - FF2 batch 0) | R2 (rate FF2 - FF1) |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for v in variants:
    d = os.path.join(runs_dir, v)
    runs = [load(p) for p in sorted(glob.glob(os.path.join(d, "network-*.h5")))]
    runs = [r for r in runs if all(len(r[k]) for k in r)]
    n = len(runs)
    nb = [len(runs[0][k]) for k in ("NF1", "FF1", "NF2", "FF2")]
    lr = float(re.findall(r"^lr = (\S+)", open(os.path.join(runs_dir, "..", "variants", v + ".ini")).read(), re.M)[-1])
    m, s, t, df, p = ttest1([r["NF2"][-1] - r["NF1"][-1] for r in runs])
    m10, s10, t10, df10, p10 = ttest1([r["NF2"][-10:].mean() - r["NF1"][-10:].mean() for r in runs])
    ff1 = np.mean([r["FF1"] for r in runs], axis=0)
    gap = ff1[-10:].mean() - ff1[-100:].mean()
    r3 = p >= 0.05 and abs(m) <= 0.2
    summ = open(os.path.join(d, "summary.txt")).read()
    r1 = re.search(r"^R1 .*?(mean [^|]*?)\s+\|", summ, re.M).group(1).strip()
    r2 = re.search(r"^R2 .*?(mean [^|]*?)\s+\|", summ, re.M).group(1).strip()
    print(f"| {v} | {'/'.join(map(str, nb))} | {lr:g} | {'/'.join('%g' % (b * lr) for b in nb)} | {sum(nb)} | {n} "
          f"| {m:+.2f} mm, t({df}) = {t:+.2f}, p = {p:.2g} | {m10:+.2f} mm, p = {p10:.2g} | {'pass' if r3 else 'FAIL'} "
          f"| {gap:+.2f} mm {'pass' if abs(gap) <= 1 else 'FAIL'} | {ff1[-10:].mean():.1f} mm | {r1} | {r2} |")
