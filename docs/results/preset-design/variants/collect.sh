#!/bin/bash
# every variant's numbers into the work tree's docs/results/preset-design/results.txt
cd /var/tmp/reachlab-runs/presets
out=/work/wt-presets/docs/results/preset-design/results.txt
{
echo "# Preset-design runs (/var/tmp/reachlab-runs/presets), written by collect.sh on $(date -u +%F)."
echo "# design_stats.py (R3, plateau), curves.py (10 / 5 mm crossings), reachlab-cli report (R1-R5)."
for v in v0-small demo-now vB-lr10 vA-lr05 vC-lr02 vG-lr01 vH-lr02; do
  echo; echo "=== $v: $(sed -n 1p variants/$v.ini | sed 's/^# //')"
  grep -E "^(nf|ff)|^lr" variants/$v.ini | tr '\n' ' '; echo
  /usr/bin/python3 /work/wt-presets/docs/results/preset-design/design_stats.py runs/$v
  /usr/bin/python3 /work/wt-presets/docs/results/preset-design/curves.py runs/$v
  rm -f runs/$v/summary-shard-*.csv
  nice -n 19 ./reachlab-cli report runs/$v > /dev/null 2>&1
  grep -E "^R[1-6] |^  +init" runs/$v/summary.txt | cut -c1-160
done
} > $out 2>&1
