#!/usr/bin/env python3
"""E4 table from run.sh's runs.txt: mean ± s.e.m. over seeds of each transfer (%) beside the paper."""
import math
import re
import sys

paper = {"object+hand": (32.6, 9.2, 48.0, 8.3), "hand": (34.4, 5.9, 34.5, 5.0),
         "object": (12.5, 6.5, 3.5, 9.9)}
num = r"([+-]?[0-9.]+|[+-]?nan)"
pat = re.compile(r"^(\S+) (\S+) (\d+) .*channels' " + num + " / " + num + r" %\), left/right: "
                 r"object\+hand " + num + "/" + num + ", hand " + num + "/" + num +
                 ", object " + num + "/" + num)
runs = {}
for line in open(sys.argv[1]):
    m = pat.match(line.strip())
    if not m:
        continue
    v = [float(x) for x in m.groups()[3:]]
    runs.setdefault((m.group(1), m.group(2)), []).append(v)


def ms(xs):
    n = len(xs)
    mean = sum(xs) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (n - 1)) if n > 1 else float("nan")
    return mean, sd / math.sqrt(n)


names = {"sssm": "SSSM", "coin": "COIN", "rnn": "network"}
cols = ["monitor L", "monitor R", "obj+hand L", "obj+hand R", "hand L", "hand R", "object L",
        "object R"]
print("| learner | rule | n | " + " | ".join(cols) + " |")
print("|" + "---|" * (3 + len(cols)))
p = paper
print("| people (paper, E4) | | 10 | | | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f | %.1f ± %.1f |"
      " %.1f ± %.1f | %.1f ± %.1f |" % (p["object+hand"][0], p["object+hand"][1],
                                         p["object+hand"][2], p["object+hand"][3], p["hand"][0],
                                         p["hand"][1], p["hand"][2], p["hand"][3], p["object"][0],
                                         p["object"][1], p["object"][2], p["object"][3]))
for (learner, rule), vs in runs.items():
    cells = []
    for k in range(len(cols)):
        m, se = ms([v[k] for v in vs])
        cells.append("%+.1f ± %.1f" % (m, se))
    print("| %s | %s | %d | %s |" % (names.get(learner, learner), rule, len(vs), " | ".join(cells)))
