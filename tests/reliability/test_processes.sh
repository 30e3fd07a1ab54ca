#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Processes and files (issue 17): the workers of `savings --jobs 2` die with their parent; a
# second run on a network file that a live run holds refuses, naming the holder's pid; a
# resumed run removes the temporary files a killed writer left.
#   test_processes.sh REACHLAB_CLI
set -u
cli=$1
tmp=$(mktemp -d)
bg=()
cleanup() { for p in "${bg[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
fail=0
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fail=$((fail + 1)); }

# Long enough to be killed while running (a few seconds), small enough to start at once.
cat >"$tmp/long.ini" <<'INI'
[network]
units = 8
[growing_up]
batches = 20000
batch = 8
[phases]
nf1_batches = 10
ff1_batches = 10
nf2_batches = 10
ff2_batches = 10
[experiment]
checkpoint_every = 50
INI
cat >"$tmp/tiny.ini" <<'INI'
[network]
units = 8
[growing_up]
batches = 10
batch = 8
[phases]
nf1_batches = 5
ff1_batches = 5
nf2_batches = 5
ff2_batches = 5
[experiment]
checkpoint_every = 0
INI

children() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }
alive() { local n=0; for p in "$@"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo $n; }

# 1. Kill the parent of savings --jobs 2: both workers must go.
"$cli" savings --config "$tmp/long.ini" --networks 2 --jobs 2 --out "$tmp/sv" >/dev/null 2>&1 &
parent=$!
bg+=("$parent")
workers=()
for _ in $(seq 100); do
  mapfile -t workers < <(children "$parent")
  [ ${#workers[@]} -ge 2 ] && break
  sleep 0.1
done
bg+=("${workers[@]}")
if [ ${#workers[@]} -lt 2 ]; then
  bad "savings --jobs 2 started ${#workers[@]} workers (expected 2)"
else
  kill -9 "$parent"
  wait "$parent" 2>/dev/null
  left=2
  for _ in $(seq 50); do
    left=$(alive "${workers[@]}")
    [ "$left" -eq 0 ] && break
    sleep 0.1
  done
  [ "$left" -eq 0 ] && ok "kill -9 of the savings parent: both workers (${workers[*]}) ended" ||
    bad "kill -9 of the savings parent: $left of 2 workers (${workers[*]}) still running"
fi

# 2. A second run on a held file refuses and names the holder.
"$cli" train --config "$tmp/long.ini" --out "$tmp/tr" >/dev/null 2>&1 &
holder=$!
bg+=("$holder")
for _ in $(seq 100); do [ -e "$tmp/tr/network.h5" ] && break; sleep 0.05; done
msg=$("$cli" train --out "$tmp/tr" --resume 2>&1 >/dev/null); rc=$?
[ $rc -ne 0 ] && [[ $msg == *"in use by process $holder"* ]] &&
  ok "second train --resume on a held file: exit $rc, \"$msg\"" ||
  bad "second train --resume on a held file: exit $rc, \"$msg\" (holder $holder)"
kill -9 "$holder"; wait "$holder" 2>/dev/null
# the lock died with its holder: a resume now gets past it (and is stopped at once)
"$cli" train --out "$tmp/tr" --resume >/dev/null 2>"$tmp/resume.err" &
r=$!
bg+=("$r")
for _ in $(seq 100); do grep -q "resuming" "$tmp/resume.err" && break; sleep 0.05; done
kill -9 "$r" 2>/dev/null; wait "$r" 2>/dev/null
grep -q "resuming" "$tmp/resume.err" && ok "after kill -9 of the holder the file is free again" ||
  bad "after kill -9 of the holder: $(cat "$tmp/resume.err")"

# 3. Stale temporary files of an interrupted write are removed by the next run on the file.
"$cli" train --config "$tmp/tiny.ini" --out "$tmp/done" >/dev/null 2>&1
echo "partial" >"$tmp/done/network.h5.tmp-AbC123"
echo "partial" >"$tmp/done/network.h5.tmp-xyz789"
echo "keep" >"$tmp/done/other.h5.tmp-AbC123"
msg=$("$cli" train --out "$tmp/done" --resume 2>&1 >/dev/null); rc=$?
left=$(ls "$tmp/done" | grep -c '^network.h5.tmp-')
[ $rc -eq 0 ] && [ "$left" -eq 0 ] && [ -e "$tmp/done/other.h5.tmp-AbC123" ] &&
  [[ $msg == *"removed 2 temporary files"* ]] &&
  ok "resume removed its 2 stale network.h5.tmp-* files, kept another file's: \"$(echo "$msg" | head -1)\"" ||
  bad "stale files: exit $rc, $left left, \"$msg\""
[ ! -e "$tmp/done/network.h5.lock" ] && ok "the lock file is gone after a finished run" ||
  bad "network.h5.lock left after a finished run"

echo "processes and files: $fail failed"
[ $fail -eq 0 ]
