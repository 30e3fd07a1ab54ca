#!/usr/bin/env bash
# Collects a background run's report into docs/results/NAME (issue 16): the finished networks of
# RUNS/RUN (a report refuses unfinished ones; for a size sweep, those of every RUN/units-H) are linked
# into a scratch directory and reported with the current build; summaries, tables and PNG figures are
# copied here, never the network files.
# Usage: docs/results/collect.sh RUN [NAME (default RUN)] [BUILD (default build)] [RUNS (default /var/tmp/reachlab-runs)]
set -euo pipefail
run=$1
name=${2:-$run}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=$root/${3:-build}/src/cli/reachlab-cli
runs=${4:-/var/tmp/reachlab-runs}
dest=$here/$name
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$here/lib.sh"

mkdir -p "$dest"
figs="fig2-ld fig3-savings fig5-tdr-shift fig6-pca fig7-perturbation fig8-execution"
if compgen -G "$runs/$run/units-*" >/dev/null; then
  for d in "$runs/$run"/units-*; do
    echo "$(basename "$d"): $(link_finished "$d" "$tmp/$(basename "$d")") finished networks"
  done
  "$cli" report "$tmp" >/dev/null
  cp "$tmp/sizes.csv" "$tmp/fig3b-sizes.png" "$dest/"
  for d in "$tmp"/units-*; do
    u=$(basename "$d")
    mkdir -p "$dest/$u"
    sed "s#$tmp#$run#" "$d/summary.txt" > "$dest/$u/summary.txt"
    cp "$d/report.csv" "$dest/$u/"
  done
else
  n=$(link_finished "$runs/$run" "$tmp")
  echo "$n finished networks"
  "$cli" report "$tmp" >/dev/null
  sed "s#$tmp#$run ($n networks)#" "$tmp/summary.txt" > "$dest/summary.txt"
  cp "$tmp/report.csv" "$dest/"
  for fig in $figs; do cp "$tmp/$fig.png" "$dest/"; done
fi
