#!/usr/bin/env bash
# reachlab-cli behaviour on the bundled network: the CSV (header with units, a row per target and
# state), the figure (SVG and PNG), the printed table; and its usage errors.
set -u
cli=$1
net=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # description, condition (as a command)
  if eval "$2"; then echo "  ok   $1"; else echo "  FAIL $1"; fail=$((fail + 1)); fi
}
out=$("$cli" behaviour --network "$net" --phase FF1 --out "$tmp/b" 2>&1)
rc=$?
echo "$out" | sed 's/^/        /'
check "exit 0 (got $rc)" "[ $rc -eq 0 ]"
hdr=$(head -1 "$tmp/b/behaviour.csv")
check "CSV header: $hdr" \
  '[ "$hdr" = "target,target_x_m,target_y_m,t_s,x_m,y_m,speed_m_per_s,act_pectoralis,act_deltoid,act_brachioradialis,act_tricepslat,act_biceps,act_tricepslong" ]'
rows=$(($(wc -l < "$tmp/b/behaviour.csv") - 1))
check "CSV rows: $rows (8 targets x 101 states)" '[ "$rows" -eq 808 ]'
check "behaviour.svg is an SVG" 'grep -q "<svg" "$tmp/b/behaviour.svg"'
check "behaviour.png written" '[ -s "$tmp/b/behaviour.png" ]'
# provenance (issue 18 item 7): the SVG's <metadata> and the PNG's iTXt chunk name the weights and
# hold the network's configuration with its seed
check "behaviour.svg carries the provenance (configuration, seed, weights)" \
  'grep -q "<metadata" "$tmp/b/behaviour.svg" && grep -q "seed = " "$tmp/b/behaviour.svg" && grep -q "weights: FF1" "$tmp/b/behaviour.svg"'
check "behaviour.png carries it as an iTXt chunk" \
  'grep -aq "ReachLab provenance" "$tmp/b/behaviour.png" && grep -aq "weights: FF1" "$tmp/b/behaviour.png"'
check "the table names FF1 weights in FF1's field (8 N s/m)" \
  '[[ "$out" == *"FF1 weights, field 8 N s/m, noise off"* ]]'
msg=$("$cli" behaviour --network "$net" --phase FF3 --out "$tmp/c" 2>&1)
rc=$?
check "--phase FF3: exit $rc, \"$msg\"" '[ $rc -eq 2 ] && [[ "$msg" == *"--phase '"'"'FF3'"'"'"* ]]'
msg=$("$cli" behaviour --network "$tmp/none.h5" --out "$tmp/c" 2>&1)
rc=$?
check "missing network: exit $rc, \"$msg\"" '[ $rc -eq 1 ] && [[ "$msg" == *"$tmp/none.h5"* ]]'
msg=$("$cli" behaviour --network "$net" 2>&1)
rc=$?
check "no --out: exit $rc, \"$msg\"" '[ $rc -eq 2 ] && [[ "$msg" == *"--out DIR"* ]]'
echo "behaviour-cli: $fail failed"
[ $fail -eq 0 ]
