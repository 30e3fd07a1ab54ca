#!/usr/bin/env bash
# Reports the reviewers' protocol runs (issue 19 item 5) from /var/tmp/reachlab-runs/protocols/<preset>
# into docs/results/protocols/<preset>/: the default comparison, every other pair named in README.md
# (fixed before the runs) in compare-A-B/, and the runs paired with their controls on the same seeds
# (`report --against`): the cued fields against the uncued, the null model against the study
# (small.ini's networks 0-7, whose NF1, FF1 and NF2 are the null model's, bit for bit).
# Finished networks only; no network files are copied.
# Usage: docs/results/protocols/collect.sh [BUILD (default build)] [RUNS (default /var/tmp/reachlab-runs)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cli=$root/${1:-build}/src/cli/reachlab-cli
runs=${2:-/var/tmp/reachlab-runs}
. "$here/../lib.sh"
pairs() {
  case $1 in
    aba-interference) echo "A1,B" ;;
    context-two-fields | context-two-fields-none) echo "CCW1,CCW2" ;;
    capacity-3) echo "CCW1,CCW2 ROT1,ROT2" ;;
    capacity-4) echo "CCW1,CCW2 ROT1,ROT2 ROTCCW1,ROTCCW2" ;;
    *) echo "" ;;
  esac
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the controls, linked once
link_finished "$runs/protocols/context-two-fields-none" "$tmp/control/context-two-fields" >/dev/null
link_finished "$runs/small40-vP" "$tmp/control/null-model" 8 >/dev/null
copy() {  # copy a report's files from $1 to $2
  mkdir -p "$2"
  cp "$1/summary.txt" "$1/report.csv" "$2/"
  for f in "$1"/fig*.png; do [ -e "$f" ] && cp "$f" "$2/"; done
  return 0
}
for d in "$runs"/protocols/*/; do
  q=$(basename "$d")
  n=$(link_finished "$d" "$tmp/$q")
  if [ "$n" -lt 2 ]; then echo "$q: $n finished networks, skipped"; continue; fi
  echo "$q: $n finished networks"
  against=()
  [ -d "$tmp/control/$q" ] && against=(--against "$tmp/control/$q")
  "$cli" report "$tmp/$q" "${against[@]}" >/dev/null 2>"$tmp/$q.err"
  rm -rf "$here/$q"/fig*.png "$here/$q"/compare-*
  copy "$tmp/$q" "$here/$q"
  cp "$runs/presets-main/protocols/$q.ini" "$here/$q/" 2>/dev/null || true
  for p in $(pairs "$q"); do
    "$cli" report "$tmp/$q" --compare "$p" "${against[@]}" >/dev/null 2>>"$tmp/$q.err"
    copy "$tmp/$q" "$here/$q/compare-${p/,/-}"
  done
  sed -i -e "s#$tmp/control/context-two-fields#protocols/context-two-fields-none#g" \
    -e "s#$tmp/control/null-model#small40-vP (networks 0-7: small.ini, the study, on the same seeds)#g" \
    -e "s#$tmp/$q#protocols/$q ($n networks)#g" "$here/$q"/summary.txt "$here/$q"/compare-*/summary.txt 2>/dev/null || true
done
