#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A short libFuzzer run of TARGET from SEEDS (read only: new inputs go to a temporary corpus),
# for REACH_FUZZ_SECONDS (default 25). Exit 0 only if no input crashed, leaked or timed out.
#   run_fuzz.sh TARGET SEEDS
set -u
target=$1
seeds=$2
secs=${REACH_FUZZ_SECONDS:-25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
"$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
  -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "$seeds" >"$work/log" 2>&1
rc=$?
grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "$work/log"
if [ $rc -ne 0 ]; then
  tail -40 "$work/log"
  for a in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
    [ -e "$a" ] && { echo "artifact $(basename "$a") ($(stat -c %s "$a") bytes):"; od -c "$a" | head -20; }
  done
  echo "$(basename "$target"): FAILED (libFuzzer exit $rc)"
  exit 1
fi
echo "$(basename "$target"): no crash in $secs s"
