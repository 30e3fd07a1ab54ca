#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A deliberate edit (a weight lesioned with h5py) is refused as "damaged, or edited by another
# tool" with the way out named, `reachlab-cli stamp FILE` accepts it, and the edited value is what
# ReachLab then reads; stamp refuses a file ReachLab did not write.
#   test_stamp.sh REACHLAB_CLI PYTHON3
set -u
cli=$1 py=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fail=$((fail + 1)); }
if ! "$py" -c 'import h5py' 2>/dev/null; then echo "h5py not installed: skipped"; exit 77; fi
cat >"$tmp/tiny.ini" <<'INI'
[network]
units = 8
[growing_up]
batches = 4
batch = 8
[phases]
nf1_batches = 2
ff1_batches = 2
nf2_batches = 2
ff2_batches = 2
[experiment]
checkpoint_every = 0
INI
"$cli" train --config "$tmp/tiny.ini" --seed 1 --out "$tmp/run" >/dev/null 2>&1 || { echo "train failed"; exit 1; }
net="$tmp/run/network.h5"
"$py" - "$net" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["weights/W_hh"][0, 0] = 0.0   # a lesion
PY
msg=$("$cli" train --out "$tmp/run" --resume 2>&1 >/dev/null); rc=$?
if [ $rc -ne 0 ] && grep -q "edited by another tool" <<<"$msg" && grep -q "reachlab-cli stamp" <<<"$msg"; then
  ok "edited file refused (exit $rc): ${msg:0:160}…"
else bad "edited file: exit $rc, message: $msg"; fi
out=$("$cli" stamp "$net" 2>&1); rc=$?
[ $rc -eq 0 ] && ok "stamp accepted it: $out" || bad "stamp: exit $rc: $out"
if "$cli" train --out "$tmp/run" --resume >/dev/null 2>"$tmp/err" || ! grep -q "damaged" "$tmp/err"; then
  ok "the stamped file reads again (no 'damaged' on resume)"
else bad "after stamp: $(cat "$tmp/err")"; fi
printf 'not hdf5 at all' >"$tmp/junk.h5"
msg=$("$cli" stamp "$tmp/junk.h5" 2>&1); rc=$?
[ $rc -eq 1 ] && grep -q "junk.h5" <<<"$msg" && ok "a file ReachLab did not write is refused: $msg" || bad "junk: exit $rc: $msg"
echo "stamp: $fail failed"
[ $fail -eq 0 ]
