#!/usr/bin/env bash
# Collects the paper-scale run's report from /var/tmp/reachlab-runs/paper128 (issue 16): the
# networks finished so far (a report refuses unfinished ones), linked into a scratch directory and
# reported with the current build; summary, table and figures copied here. No network files.
# Usage: docs/results/paper128/collect.sh [BUILD (default build)] [RUNS (default /var/tmp/reachlab-runs)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cli=$root/${1:-build}/src/cli/reachlab-cli
runs=${2:-/var/tmp/reachlab-runs}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for f in "$runs"/paper128/network-*.h5; do
  [ -e "$f.lock" ] && continue   # a worker is still training it
  ln -s "$f" "$tmp/$(basename "$f")"
  n=$((n + 1))
done
echo "$n finished networks"
"$cli" report "$tmp" >/dev/null
sed "s#$tmp#paper128 ($n of 16 networks)#" "$tmp/summary.txt" > "$here/summary.txt"
cp "$tmp/report.csv" "$here/"
for fig in fig2-ld fig3-savings fig5-tdr-shift fig6-pca fig7-perturbation fig8-execution; do
  cp "$tmp/$fig.png" "$here/"
done
