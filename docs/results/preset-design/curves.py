#!/usr/bin/python3
"""Shape of the network-mean LD curves of savings run directories: the batch at which FF1's and FF2's
10-batch running mean first falls below 10 and 5 mm (the issue's measure of the paper-scale network:
FF1 442 / 611, FF2 349 / 529 of 3200 batches), and NF2's below 1 mm in magnitude; as batches and as a
fraction of the phase. Usage: curves.py DIR [DIR...]"""
import glob, os, sys
import h5py
import numpy as np


def first_below(x, thr):
    m = np.convolve(x, np.ones(10) / 10, mode="valid")
    i = np.nonzero(np.abs(m) < thr)[0]
    return int(i[0]) + 9 if len(i) else None


def fmt(i, n):
    return f"{i:5d} ({100 * i / n:3.0f}%)" if i is not None else "  never    "


for d in sys.argv[1:]:
    lds = []
    for p in sorted(glob.glob(os.path.join(d, "network-*.h5"))):
        with h5py.File(p, "r") as f:
            r = {ph: 1e3 * f[f"log/{ph}/ld"][()] for ph in ("NF1", "FF1", "NF2", "FF2")}
        if all(len(v) for v in r.values()):
            lds.append(r)
    if not lds:
        continue
    mean = {ph: np.mean([r[ph] for r in lds], axis=0) for ph in lds[0]}
    n1, n2, nn = len(mean["FF1"]), len(mean["FF2"]), len(mean["NF2"])
    print(f"{d} (n = {len(lds)}): FF1 <10 mm at {fmt(first_below(mean['FF1'], 10), n1)}, <5 mm at "
          f"{fmt(first_below(mean['FF1'], 5), n1)}; FF2 <10 at {fmt(first_below(mean['FF2'], 10), n2)}, "
          f"<5 at {fmt(first_below(mean['FF2'], 5), n2)}; NF2 |LD|<1 mm at {fmt(first_below(mean['NF2'], 1), nn)}")
