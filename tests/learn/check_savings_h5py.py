#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# What a researcher with h5py finds in a savings run (docs/hdf5-layout.md, "Savings runs"):
# trains a tiny network with reachlab-cli, then reads network.h5 with h5py only and checks the
# layout against the stored configuration and against ld.csv.
#   check_savings_h5py.py REACHLAB_CLI
import configparser
import csv
import os
import subprocess
import sys
import tempfile

try:
    import h5py
    import numpy as np
except ImportError as e:
    print(f"skipped: {e} (install python3-h5py)")
    sys.exit(77)

failures = 0


def check(ok, what):
    global failures
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        failures += 1


cli = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    ini = os.path.join(tmp, "tiny.ini")
    with open(ini, "w") as f:
        f.write("[experiment]\nseed = 4\n[network]\nunits = 10\n[growing_up]\nbatches = 6\n"
                "batch = 8\n[phases]\nnf1_batches = 3\nff1_batches = 4\nnf2_batches = 3\n"
                "ff2_batches = 4\n")
    out = os.path.join(tmp, "run")
    r = subprocess.run([cli, "train", "--config", ini, "--out", out], capture_output=True,
                       text=True)
    check(r.returncode == 0, f"reachlab-cli train exits {r.returncode} {r.stderr.strip()[-200:]}")
    # The same run on two threads (train --threads 2): the same weights, bit for bit.
    out2 = os.path.join(tmp, "run2")
    r2 = subprocess.run([cli, "train", "--config", ini, "--out", out2, "--threads", "2"],
                        capture_output=True, text=True)
    check(r2.returncode == 0, f"reachlab-cli train --threads 2 exits {r2.returncode}")
    with h5py.File(os.path.join(out, "network.h5"), "r") as f, \
            h5py.File(os.path.join(out2, "network.h5"), "r") as g:
        same = all(np.array_equal(f["weights/" + k][()], g["weights/" + k][()])
                   for k in f["weights"])
        check(same and f.attrs["engine"] == g.attrs["engine"],
              f"--threads 2 gives the one-thread weights bit for bit and the same engine stamp "
              f"{g.attrs['engine']!r}")
    with h5py.File(os.path.join(out, "network.h5"), "r") as f:
        check(f.attrs["format"] == "reachlab-savings" and f.attrs["format_version"] == 1,
              f"root attributes: format {f.attrs['format']!r}, version {f.attrs['format_version']}")
        engine = f.attrs["engine"]
        check(engine.startswith("reachlab ") and engine.endswith("; double"),
              f"root attribute engine {engine!r} (version; kernel numerics; precision)")
        cfg = configparser.ConfigParser()
        cfg.read_string(f["config"].asstr()[()])
        H = cfg.getint("network", "units")
        check(H == 10 and cfg.getint("experiment", "seed") == 4 and f["seed"][()] == 4,
              f"config parses with configparser: units {H}, seed {cfg.getint('experiment', 'seed')}")
        shapes = {k: f["weights/" + k].shape for k in
                  ["W_ih", "W_hh", "b_ih", "b_hh", "W_out", "b_out", "h0"]}
        want = {"W_ih": (3 * H, 17), "W_hh": (3 * H, H), "b_ih": (3 * H,), "b_hh": (3 * H,),
                "W_out": (6, H), "b_out": (6,), "h0": (H,)}
        check(shapes == want, f"weight shapes {shapes}")
        check(f["state/stage"][()] == 4, f"state/stage {f['state/stage'][()]} (4 = done)")
        n = {p: f[f"log/{p}/ld"].shape[0] for p in ["NF1", "FF1", "NF2", "FF2"]}
        check(n == {"NF1": 3, "FF1": 4, "NF2": 3, "FF2": 4}, f"per-batch LD lengths {n}")
        check(f["log/FF1/ld"].attrs["units"] == "m" and f["log/FF1"].attrs["field"] == 8.0,
              f"log/FF1/ld units {f['log/FF1/ld'].attrs['units']!r}, field "
              f"{f['log/FF1'].attrs['field']} N·s/m")
        with open(os.path.join(out, "ld.csv")) as fp:
            rows = [row for row in csv.DictReader(fp) if row["phase"] == "FF1"]
        a = np.array([float(row["ld_m"]) for row in rows])
        b = f["log/FF1/ld"][()]
        check(np.allclose(a, b, rtol=1e-8, atol=1e-12), f"log/FF1/ld equals ld.csv's ld_m "
              f"(max |diff| {np.max(np.abs(a - b)):.2g} m)")
        snaps = sorted(f["snapshots"].keys())
        n_params = sum(int(np.prod(s)) for s in want.values())
        w_hh = f["snapshots/FF2"][()][3 * H * 17:3 * H * 17 + 3 * H * H].reshape(3 * H, H)
        check(snaps == ["FF1", "FF2", "NF1", "NF2", "growing_up"]
              and all(f["snapshots/" + k].shape == (n_params,) for k in snaps)
              and np.array_equal(w_hh, f["weights/W_hh"][()]),
              f"snapshots {snaps}, each ({n_params},); FF2-final W_hh equals weights/W_hh")
        check(f["rng/train"].dtype == np.uint8 and f["optimizer/m"].shape == f["optimizer/v"].shape,
              f"rng/train {f['rng/train'].dtype} x {f['rng/train'].shape[0]}, optimizer moments "
              f"{f['optimizer/m'].shape}")
        g = f["rng_grown_up"]
        check(sorted(g.keys()) == ["eval", "train"]
              and all(g[k].dtype == np.uint8 and g[k].shape == f["rng/" + k].shape for k in g)
              and not np.array_equal(g["train"][()], f["rng/train"][()]),
              f"rng_grown_up {sorted(g.keys())}, uint8 x {g['train'].shape[0]} like rng/; the "
              f"training stream's end-of-growing-up state differs from its final one (phases ran)")
print(f"savings-h5py: {failures} failed")
sys.exit(1 if failures else 0)
