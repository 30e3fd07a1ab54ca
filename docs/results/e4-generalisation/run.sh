#!/usr/bin/env bash
# E4 (experiment 1's generalisation) for the SSSM, COIN and the network learner under both
# generalisation rules, one run per sequence seed 1..10 (the paper had 10 participants), then the
# table (summarise.py). Usage: docs/results/e4-generalisation/run.sh [BUILDDIR]  (from the tree)
set -euo pipefail
cd "$(dirname "$0")/../../.."
cli=${1:-build}/src/cli/reachlab-cli
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=docs/results/e4-generalisation/runs.txt
: >"$log"
for learner in sssm coin rnn; do
  for rule in side geometry; do
    for seed in 1 2 3 4 5 6 7 8 9 10; do
      line=$(nice -n 10 "$cli" tool -e exp1-two --learner "$learner" --gen-rule "$rule" \
        --seed "$seed" -q --out "$out/r" | grep generalisation)
      echo "$learner $rule $seed $line" | tee -a "$log"
    done
  done
done
python3 docs/results/e4-generalisation/summarise.py "$log" >docs/results/e4-generalisation/table.md
cat docs/results/e4-generalisation/table.md
