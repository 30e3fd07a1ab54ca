#!/usr/bin/env bash
# reachlab-cli savings --grown-up-from: two tiny networks grown up without phases, then their
# phases (the preset's, and the opposite-field control) started from them must give the summary
# of a from-scratch run exactly (bit identity of every weight and log is checked in the core by
# test-grown-up); a directory that grew up otherwise is refused naming the file and the key, and
# so is the --out directory itself.
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
cat > "$tmp/run.ini" <<'INI'
[network]
units = 8
[growing_up]
batches = 6
batch = 8
[phases]
nf1_batches = 3
ff1_batches = 4
nf2_batches = 3
ff2_batches = 4
INI
sed 's/^\(nf1\|ff1\|nf2\|ff2\)_batches = .*/\1_batches = 0/' "$tmp/run.ini" > "$tmp/grow.ini"
"$cli" savings -c "$tmp/grow.ini" -n 2 -o "$tmp/grown" >/dev/null 2>&1 || { echo "  FAIL growing up"; exit 1; }
for control in "" opposite; do
  opt=${control:+--control $control}
  "$cli" savings -c "$tmp/run.ini" -n 2 $opt -o "$tmp/scratch$control" >/dev/null 2>&1
  "$cli" savings -c "$tmp/run.ini" -n 2 $opt --grown-up-from "$tmp/grown" -o "$tmp/from$control" \
    >/dev/null 2>&1
  rc=$?
  if [ $rc -eq 0 ] && cmp -s "$tmp/scratch$control/summary.csv" "$tmp/from$control/summary.csv"; then
    echo "  ok   ${control:-preset}: summary from the grown-up networks = from scratch:"
    sed 's/^/        /' "$tmp/from$control/summary.csv"
  else
    echo "  FAIL ${control:-preset}: exit $rc; summaries differ:"
    diff "$tmp/scratch$control/summary.csv" "$tmp/from$control/summary.csv"
    fail=$((fail + 1))
  fi
done
check() {  # name, expected exit, expected message fragment, command...
  local name=$1 want_rc=$2 want=$3
  shift 3
  msg=$("$@" 2>&1 >/dev/null)
  rc=$?
  if [ $rc -eq "$want_rc" ] && [[ "$msg" == *"$want"* ]]; then
    echo "  ok   $name: exit $rc, \"$msg\""
  else
    echo "  FAIL $name: exit $rc, \"$msg\" (wanted exit $want_rc and \"$want\")"
    fail=$((fail + 1))
  fi
}
check "another size" 1 "network-0000.h5 grew up with another configuration ([network] units = 8, not 9)" \
  "$cli" savings -c "$tmp/run.ini" -n 1 --units 9 --grown-up-from "$tmp/grown" -o "$tmp/bad1"
sed 's/^batches = 6/batches = 6\nlr = 0.001/' "$tmp/run.ini" > "$tmp/lr.ini"
check "another growing-up lr" 1 "([growing_up] lr = 0.003, not 0.001)" \
  "$cli" savings -c "$tmp/lr.ini" -n 1 --grown-up-from "$tmp/grown" -o "$tmp/bad2"
check "a missing network" 1 "network-0002.h5" \
  "$cli" savings -c "$tmp/run.ini" -n 3 --grown-up-from "$tmp/grown" -o "$tmp/bad3"
check "the --out directory" 2 "is the --out directory" \
  "$cli" savings -c "$tmp/run.ini" -n 1 --grown-up-from "$tmp/grown" -o "$tmp/grown"
echo "cli-grown-up: $fail failed"
[ $fail -eq 0 ]
