#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# kill -9 at random moments (issue 17, suite slow): `train` with a checkpoint every 3 batches is
# killed KILLS times, at random delays and, every other time, the moment a checkpoint's
# temporary file appears (a kill during the write); each time it is resumed (or restarted
# with --config when no checkpoint exists yet). The result must be bit-identical (sha256 of
# network.h5 and ld.csv) to one uninterrupted run.
#   test_kill_resume.sh REACHLAB_CLI [KILLS] [RANDOM_SEED]
set -u
cli=$1
kills=${2:-8}
RANDOM=${3:-17}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
cat >"$tmp/run.ini" <<'INI'
[network]
units = 16
[growing_up]
batches = 600
batch = 16
[phases]
nf1_batches = 60
ff1_batches = 60
nf2_batches = 60
ff2_batches = 60
[experiment]
checkpoint_every = 3
INI
t0=$(date +%s.%N)
"$cli" train --config "$tmp/run.ini" --seed 5 --out "$tmp/ref" >/dev/null 2>&1 || { echo "reference run failed"; exit 1; }
t1=$(date +%s.%N)
dur_ms=$(python3 -c "print(int(1000 * ($t1 - $t0)))")
echo "uninterrupted run: $dur_ms ms"

done_kills=0 in_write=0 restarts=0
start() {
  if [ -e "$tmp/run/network.h5" ]; then
    "$cli" train --out "$tmp/run" --resume >/dev/null 2>>"$tmp/log" &
  else
    "$cli" train --config "$tmp/run.ini" --seed 5 --out "$tmp/run" >/dev/null 2>>"$tmp/log" &
  fi
  pid=$!
  restarts=$((restarts + 1))
}
start
while [ $done_kills -lt $kills ]; do
  if [ $((done_kills % 2)) -eq 1 ]; then
    # the moment a checkpoint is being written
    hit=0
    for _ in $(seq 4000); do
      if compgen -G "$tmp/run/network.h5.tmp-*" >/dev/null; then hit=1; break; fi
      kill -0 $pid 2>/dev/null || break
    done
    kill -9 $pid 2>/dev/null && [ $hit -eq 1 ] && in_write=$((in_write + 1))
  else
    sleep "$(python3 -c "import random; random.seed($RANDOM); print(random.uniform(0.01, $dur_ms / 1000 / 3))")"
    kill -9 $pid 2>/dev/null
  fi
  wait $pid 2>/dev/null
  st=$?
  if [ $st -eq 0 ]; then echo "the run finished before kill $((done_kills + 1)); starting over"; rm -rf "$tmp/run"; fi
  done_kills=$((done_kills + 1))
  start
done
wait $pid; st=$?
pid=
echo "$done_kills kills ($in_write while a checkpoint's temporary file existed), $restarts starts; last exit $st"
fail=0
[ $st -eq 0 ] || { echo "  FAIL the last resume failed: $(tail -3 "$tmp/log")"; fail=1; }
[ $in_write -ge 1 ] || { echo "  FAIL no kill landed during a checkpoint write"; fail=1; }
for f in network.h5 ld.csv; do
  x=$(sha256sum <"$tmp/ref/$f" | cut -c1-16); y=$(sha256sum <"$tmp/run/$f" 2>/dev/null | cut -c1-16)
  [ "$x" = "$y" ] && echo "  ok   $f bit-identical to the uninterrupted run (sha256 $x…)" ||
    { echo "  FAIL $f: $y… vs uninterrupted $x…"; fail=1; }
done
left=$(ls "$tmp/run" | grep -c 'tmp-') || true
[ "$left" -eq 0 ] && echo "  ok   no temporary files left" || { echo "  FAIL $left temporary files left"; fail=1; }
[ $fail -eq 0 ]
