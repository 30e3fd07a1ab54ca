#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The savings claim at small scale (suite `slow`): 8 networks of the small preset through the whole
# protocol, then FF1 vs FF2 batch-0 lateral deviation for each. Savings = FF2 starts lower.
# Passes when a majority (at least 5 of 8) show it and the mean difference is positive. The paper
# finds savings in ~80 % of 256-unit networks and near chance at <= 32 units (R5), so at small
# sizes this is a claim that can honestly fail.
#   savings_slow.sh REACHLAB_CLI PRESET
set -eu
cli=$1
preset=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$cli" savings --config "$preset" --networks 8 --jobs 2 --out "$out"
awk -F, 'NR > 1 {
  n++; d = $5 - $9; sum += d; if (d > 0) k++
  printf "network %d: FF1 batch-0 LD %+.2f mm, FF2 batch-0 LD %+.2f mm, saving %+.2f mm\n", $1, $5, $9, d
}
END {
  printf "%d of %d networks start FF2 lower than FF1; mean saving %+.2f mm\n", k, n, sum / n
  ok = (n == 8 && k >= 5 && sum > 0)
  printf "%s savings claim (>= 5 of 8 networks, mean > 0)\n", ok ? "  ok  " : "  FAIL"
  exit ok ? 0 : 1
}' "$out/summary.csv"
