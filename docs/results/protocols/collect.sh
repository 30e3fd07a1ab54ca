#!/usr/bin/env bash
# Reports the reviewers' protocol runs (issue 19 item 5) from /var/tmp/reachlab-runs/protocols/<preset>
# into docs/results/protocols/<preset>/: the default comparison, and every other pair named in README.md
# (fixed before the runs) in compare-A-B/. Finished networks only; no network files are copied.
# Usage: docs/results/protocols/collect.sh [BUILD (default build)] [RUNS (default /var/tmp/reachlab-runs)]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cli=$root/${1:-build}/src/cli/reachlab-cli
runs=${2:-/var/tmp/reachlab-runs}/protocols
pairs() {
  case $1 in
    aba-interference) echo "A1,B" ;;
    context-two-fields | context-two-fields-none) echo "CCW1,CCW2" ;;
    capacity-3) echo "CCW1,CCW2 ROT1,ROT2" ;;
    capacity-4) echo "CCW1,CCW2 ROT1,ROT2 ROTCCW1,ROTCCW2" ;;
    *) echo "" ;;
  esac
}
copy() {  # copy a report's files from $1 to $2
  mkdir -p "$2"
  cp "$1/summary.txt" "$1/report.csv" "$2/"
  for f in "$1"/fig*.png; do [ -e "$f" ] && cp "$f" "$2/"; done
  return 0
}
for d in "$runs"/*/; do
  q=$(basename "$d")
  tmp=$(mktemp -d)
  n=0
  for f in "$d"network-*.h5; do
    [ -e "$f" ] || continue
    [ -e "$f.lock" ] && continue   # still training
    ln -s "$f" "$tmp/$(basename "$f")"
    n=$((n + 1))
  done
  if [ "$n" -lt 2 ]; then echo "$q: $n finished networks, skipped"; rm -rf "$tmp"; continue; fi
  echo "$q: $n finished networks"
  "$cli" report "$tmp" >/dev/null
  rm -f "$here/$q"/fig*.png
  copy "$tmp" "$here/$q"
  cp "$d/../../presets-main/protocols/$q.ini" "$here/$q/" 2>/dev/null || true
  for p in $(pairs "$q"); do
    "$cli" report "$tmp" --compare "$p" >/dev/null
    copy "$tmp" "$here/$q/compare-${p/,/-}"
  done
  sed -i "s#$tmp#protocols/$q ($n networks)#g" "$here/$q"/summary.txt "$here/$q"/compare-*/summary.txt 2>/dev/null || true
  rm -rf "$tmp"
done
