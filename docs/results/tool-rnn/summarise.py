#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turns the `reachlab-cli tool` runs that tables.sh made into the Markdown tables of
docs/tool-rnn.md's Results (written to stdout).

Usage: summarise.py RUNS
RUNS/<experiment>/<learner>/seed<N>/trials.csv and RUNS/<experiment>/<learner>/seed<N>.out (the
command's stdout). Definitions (docs/tool-rnn.md, Results):
- a trial's side is trials.csv's `side` (the target side; in exp1-single the cue is 1 throughout);
  adaptation_pct is already against the field of that side, mpe_mm signed by it;
- field trials: type `field`; channel trials: type `channel`, the plain ones (experiment 1's
  translated generalisation channels, `channel-*`, measure transfer, not the adaptation at the
  trained configuration, and are left out). Pre-exposure: before the first field trial;
  exposure: from the first field trial to the end of the 8-trial block of the last one (experiment
  1's generalisation top-up is in it); washout: after that, the de-adaptation section (experiment
  2: cue 1's half first, then cue 2's);
- pre = mean adaptation of the side's pre-exposure channel trials; Q1..Q4 = means of the quarters
  (in trial order; quarter k holds channels [k n/4, (k+1) n/4) of n) of the side's exposure
  channel trials; washout first 2 / last 2 = means of the side's first and
  last 2 washout channel trials; MPE first 8 / last 8 = means of the side's first and last 8
  field trials;
- each table cell is the mean over seeds of the per-seed values;
- rebound (and rebound less the pre-exposure bias) and trials/s are read from the command's
  stdout, as `reachlab-cli tool` prints them; the rebound is also recomputed from trials.csv
  (cue-2 plain channel 27 - mean of cue-1 plain channels 50-51) and must agree to the print's
  rounding, or this script fails.
On the bundled network of commit 8508301 (`git show 8508301:data/networks/demo/network.h5`) these
definitions give the hand-made tables docs/tool-rnn.md had before this script, digit for digit.
"""
import csv
import os
import re
import statistics
import sys

EXPERIMENTS = ["exp2-opposing", "exp2-same", "exp1-two", "exp1-single"]
LEARNERS = ["sssm", "rnn-0.005", "rnn-0.02", "rnn-0.05"]
NOCUE = ["rnn-0.005-nocue", "rnn-0.02-nocue"]
SEEDS = [1, 2, 3]
TITLES = {
    "exp2-opposing": "exp2-opposing",
    "exp2-same": "exp2-same",
    "exp1-two": "exp1-two",
    "exp1-single": "exp1-single (the cue is the centre on every trial: uninformative)",
}
COLUMNS = ["pre", "exposure Q1", "Q2", "Q3", "Q4", "washout first 2", "last 2",
           "MPE first 8 field", "last 8"]


def fail(msg):
    sys.exit("summarise.py: " + msg)


def label(learner):
    if learner == "sssm":
        return "sssm"
    parts = learner.split("-")
    return "rnn " + parts[1] + (", no cue" if len(parts) > 2 else "")


def read_trials(path):
    try:
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        fail(f"{path}: cannot read ({e.strerror})")
    if not rows:
        fail(f"{path}: no trials")
    for key in ("trial", "cue", "type", "perturbation", "mpe_mm", "adaptation_pct", "side"):
        if key not in rows[0]:
            fail(f"{path}: no column '{key}'")
    return rows


def is_field(r):
    return r["type"] == "field"


def is_channel(r):  # plain; not the translated channel-hand, channel-object, ...
    return r["type"] == "channel"


def mean(xs, what):
    if not xs:
        fail(f"no trials for {what}")
    return statistics.fmean(xs)


def measures(rows, path):
    """The 9 table values of each side (1, 2) of one run."""
    fields = [i for i, r in enumerate(rows) if is_field(r)]
    if not fields:
        fail(f"{path}: no field trial")
    # exposure ends with the 8-trial block of the last field trial: that block's channel may
    # come after its last field trial (blocks start at multiples of 8; paradigm_gen.c)
    first, end = fields[0], (fields[-1] // 8 + 1) * 8
    out = {}
    for side in ("1", "2"):
        ch = [(i, float(r["adaptation_pct"])) for i, r in enumerate(rows)
              if is_channel(r) and r["side"] == side]
        pre = [a for i, a in ch if i < first]
        expo = [a for i, a in ch if first < i < end]
        wash = [a for i, a in ch if i >= end]
        mpe = [float(r["mpe_mm"]) for r in rows if is_field(r) and r["side"] == side]
        n = len(expo)
        if n < 4 or len(wash) < 2 or len(mpe) < 8:
            fail(f"{path}: side {side} has {n} exposure channels, {len(wash)} washout channels, "
                 f"{len(mpe)} field trials (expected at least 4, 2, 8)")
        quarters = [expo[k * n // 4:(k + 1) * n // 4] for k in range(4)]
        what = f"{path}, side {side}"
        out[side] = ([mean(pre, what + " pre")]
                     + [mean(q, what + " quarter") for q in quarters]
                     + [mean(wash[:2], what), mean(wash[-2:], what),
                        mean(mpe[:8], what), mean(mpe[-8:], what)])
    return out


def rebound_from_csv(rows):
    def plain_channel(q, k):
        ks = [float(r["adaptation_pct"]) for r in rows
              if is_channel(r) and r["cue"] == str(q)]
        return ks[k - 1]
    return plain_channel(2, 27) - (plain_channel(1, 50) + plain_channel(1, 51)) / 2


def printed(path):
    """What the command printed: trials/s, and for experiment 2 the rebound and its net."""
    try:
        text = open(path).read()
    except OSError as e:
        fail(f"{path}: cannot read ({e.strerror})")
    got = {}
    m = re.search(r"(\d+) trials in ([0-9.]+) s \((\d+) trials/s\)", text)
    if not m:
        fail(f"{path}: no line 'N trials in S s (R trials/s)'")
    got["trials"], got["secs"], got["rate"] = int(m[1]), float(m[2]), int(m[3])
    m = re.search(r"rebound \(cue-2 channel 27[^)]*\): ([-+][0-9.]+) %", text)
    if m:
        got["rebound"] = float(m[1])
    m = re.search(r"rebound less this bias: ([-+][0-9.]+) %", text)
    if m:
        got["rebound_net"] = float(m[1])
    return got


def fmt(x):
    s = f"{x:+.1f}"
    return "+0.0" if s == "-0.0" else s


def main():
    if len(sys.argv) != 2:
        fail("usage: summarise.py RUNS")
    runs = sys.argv[1]
    per = {}  # (experiment, learner) -> {"m": [per-seed measures], "p": [per-seed printed]}
    checked = []
    for exp in EXPERIMENTS:
        for learner in LEARNERS + (NOCUE if exp.startswith("exp2") else []):
            ms, ps = [], []
            for seed in SEEDS:
                base = os.path.join(runs, exp, learner, f"seed{seed}")
                rows = read_trials(os.path.join(base, "trials.csv"))
                ms.append(measures(rows, base + "/trials.csv"))
                p = printed(base + ".out")
                if exp.startswith("exp2"):
                    if "rebound" not in p:
                        fail(f"{base}.out: no rebound line")
                    r = rebound_from_csv(rows)
                    if abs(r - p["rebound"]) > 0.05 + 1e-9:
                        fail(f"{base}: rebound from trials.csv {r:+.4f} % but the command "
                             f"printed {p['rebound']:+.1f} %")
                    checked.append(abs(r - p["rebound"]))
                ps.append(p)
            per[exp, learner] = {"m": ms, "p": ps}

    def rows_of(exp, learners, prefix=lambda l: []):
        lines = []
        for learner in learners:
            ms = per[exp, learner]["m"]
            for side in ("1", "2"):
                vals = [statistics.fmean(m[side][j] for m in ms) for j in range(len(COLUMNS))]
                cells = [label(learner)] + prefix(learner) + [side] + [fmt(v) for v in vals]
                lines.append("| " + " | ".join(cells) + " |")
        return lines

    header = "| learner | side | " + " | ".join(COLUMNS) + " |"
    rule = "|" + "---|" * (len(COLUMNS) + 2)
    out = []
    for exp in EXPERIMENTS:
        out += [f"### {TITLES[exp]}", header, rule] + rows_of(exp, LEARNERS) + [""]
        if exp == "exp2-same":
            out += ["### Rebound (cue-2 channel 27 - mean of cue-1 channels 50-51, as "
                    "`reachlab-cli tool` prints it), seeds 1, 2, 3",
                    "| learner | exp2-opposing (paper E7: +37.6 %) | exp2-same (paper E8: +9.4 %, "
                    "n.s.) |", "|---|---|---|"]
            for learner in LEARNERS + NOCUE:
                cells = [", ".join(fmt(p["rebound"]) for p in per[e, learner]["p"])
                         for e in ("exp2-opposing", "exp2-same")]
                out.append(f"| {label(learner)} | {cells[0]} | {cells[1]} |")
            out += ["", "The same, less the arm's own pre-exposure bias (the CLI's \"rebound less "
                    "this bias\": rebound - (cue-2 channels 1-2 - cue-1 channels 1-2)), seeds 1, 2, 3",
                    "| learner | exp2-opposing | exp2-same |", "|---|---|---|"]
            for learner in LEARNERS + NOCUE:
                cells = [", ".join(fmt(p["rebound_net"]) for p in per[e, learner]["p"])
                         for e in ("exp2-opposing", "exp2-same")]
                out.append(f"| {label(learner)} | {cells[0]} | {cells[1]} |")
            out += ["", "### Control: the same learner without the cue (`--no-cue`), exp2, mean "
                    "of seeds 1-3",
                    "| learner | field | side | " + " | ".join(COLUMNS) + " |",
                    "|" + "---|" * (len(COLUMNS) + 3)]
            for e, name in (("exp2-opposing", "opposing"), ("exp2-same", "same")):
                out += rows_of(e, NOCUE, lambda l, name=name: [name])
            out.append("")
    out += ["### Trials per second (as the command prints it; median of seeds 1-3, two runs at "
            "a time under `nice`, on whatever else the machine was doing)",
            "| learner | " + " | ".join(EXPERIMENTS) + " |", "|---|" + "---|" * len(EXPERIMENTS)]
    for learner in LEARNERS + NOCUE:
        cells = []
        for exp in EXPERIMENTS:
            if (exp, learner) in per:
                ps = per[exp, learner]["p"]
                cells.append(f"{statistics.median(p['rate'] for p in ps):.0f} "
                             f"({ps[0]['trials']} trials)")
            else:
                cells.append("")
        out.append(f"| {label(learner)} | " + " | ".join(cells) + " |")
    out += ["", f"Checked: the rebound recomputed from trials.csv agrees with the printed one in "
            f"all {len(checked)} exp2 runs (largest difference {max(checked):.3f} points, the "
            f"print rounds to 0.1)."]
    print("\n".join(out))


if __name__ == "__main__":
    main()
