#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The Python side of tests/io/test_h5py.c: what a researcher with h5py sees in a ReachLab file.
#   check_h5py.py check FILE   asserts the values test_h5py.c wrote (exactly), printing each
#   check_h5py.py write FILE   writes the file test_h5py.c then reads with reach_h5
import sys

import h5py
import numpy as np

failures = 0


def check(ok, what):
    global failures
    print(("  ok   " if ok else "  FAIL ") + what)
    if not ok:
        failures += 1


def check_file(path):
    with h5py.File(path, "r") as f:
        w = f["weights/W_hh"][()]
        want = np.array([[i * 10 + j + 1.0 / 3.0 for j in range(4)] for i in range(3)])
        check(w.dtype == np.float64 and w.shape == (3, 4) and np.array_equal(w, want),
              f"weights/W_hh: {w.dtype} {w.shape}, [2,3] = {w[2, 3]!r} (want {want[2, 3]!r})")
        ld = f["results/ld"]
        v = ld[()]
        check(v.shape == (5,) and v[0] == 0.1 + 0.2 and np.isnan(v[1]) and v[2] == np.inf
              and np.signbit(v[3]) and v[3] == 0 and v[4] == 5e-324,
              f"results/ld: {v.tolist()} (0.30000000000000004, nan, inf, -0.0, 5e-324)")
        units = ld.attrs["units"]
        check(units == "m", f"results/ld units attribute: {units!r} (str 'm')")
        i = f["counts"][()]
        check(i.dtype == np.int64 and i.tolist() == [-2**63, -1, 0, 2**63 - 1],
              f"counts: {i.dtype} {i.tolist()}")
        blob = f["rng/state"][()]
        check(blob.dtype == np.uint8 and blob.tobytes() == bytes(range(256)),
              f"rng/state: {blob.dtype}, {blob.size} bytes, first {blob[:4].tolist()}, last {blob[-1]}")
        cfg = f["config"].asstr()[()]
        check(cfg.startswith("# ReachLab") and "\nunits = 128\n" in cfg,
              f"config: a str of {len(cfg)} characters with 'units = 128'")
        fixed = f["note_fixed"][()]
        check(fixed.decode("utf-8") == "b = 8 N·s/m ✓", f"note_fixed (fixed length): {fixed!r}")
        names = f["phase_names"].asstr()[()]
        check(list(names) == ["NF1", "FF1", "NF2", "FF2"], f"phase_names: {list(names)}")
        check(f.attrs["creator"] == "test-h5py" and f.attrs["dt"] == 0.01
              and f.attrs["batch"] == -7 and f.attrs["batch"].dtype == np.int64,
              f"root attributes: creator {f.attrs['creator']!r}, dt {f.attrs['dt']!r}, "
              f"batch {f.attrs['batch']!r}")


def write_file(path):
    with h5py.File(path, "w") as f:
        f["a/b/m"] = np.arange(6, dtype=np.float64).reshape(2, 3) / 7.0
        f["a/f32"] = np.array([0.5, 1.25], dtype=np.float32)
        f["n"] = np.array([-3, 4, 2**40], dtype=np.int64)
        f["n32"] = np.array([7, -8], dtype=np.int32)
        f["blob"] = np.frombuffer(bytes([0, 1, 254, 255]), dtype=np.uint8)
        f.create_dataset("s_vlen", data="Ω = 1 N·m", dtype=h5py.string_dtype())
        f["s_fixed"] = np.bytes_(b"ascii12345")
        f.create_dataset("names", data=["x", "yy", "ÿ"], dtype=h5py.string_dtype())
        f["a/b/m"].attrs["units"] = "N·s/m"
        f.attrs["pi"] = np.float64(np.pi)
        f.attrs["k"] = np.int64(-12)


if __name__ == "__main__":
    if sys.argv[1] == "check":
        check_file(sys.argv[2])
        print(f"check_h5py: {failures} failed")
        sys.exit(1 if failures else 0)
    write_file(sys.argv[2])
