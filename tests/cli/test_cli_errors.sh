#!/usr/bin/env bash
# reachlab-cli arm replay on a dozen broken inputs: each must fail (exit 1 or 2) with a message
# naming the file and, where there is one, the line and column, and never write the output file.
# Then a good input must round-trip to the reference state table.
set -u
cli=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
hdr="step,u_pectoralis,u_deltoid,u_brachioradialis,u_tricepslat,u_biceps,u_tricepslong,load_x,load_y"
row0="0,0.2,0.2,0.2,0.2,0.2,0.2,0,0"
row1="1,0.2,0.2,0.2,0.2,0.2,0.2,0,0"
case_() {  # name, expected message fragment, file content
  local name=$1 want=$2
  printf '%b' "$3" > "$tmp/$name.csv"
  rm -f "$tmp/out.csv"
  msg=$("$cli" arm replay --inputs "$tmp/$name.csv" --out "$tmp/out.csv" 2>&1 >/dev/null)
  rc=$?
  if [ $rc -ne 0 ] && [[ "$msg" == *"$want"* ]] && [ ! -e "$tmp/out.csv" ]; then
    echo "  ok   $name: exit $rc, \"$msg\""
  else
    echo "  FAIL $name: exit $rc, \"$msg\" (wanted a message containing \"$want\")"
    fail=$((fail + 1))
  fi
}
case_ empty "$tmp/empty.csv: the file is empty" ""
case_ header-only "no rows after the header" "$hdr\n"
case_ missing-column "missing column 'u_biceps'" "step,u_pectoralis,u_deltoid,u_brachioradialis,u_tricepslat,u_tricepslong,load_x,load_y\n0,0.2,0.2,0.2,0.2,0.2,0,0\n"
case_ missing-load "missing column 'load_x'" "step,u_pectoralis,u_deltoid,u_brachioradialis,u_tricepslat,u_biceps,u_tricepslong\n0,0.2,0.2,0.2,0.2,0.2,0.2\n"
case_ short-row "short-row.csv:3: expected 9 comma-separated fields" "$hdr\n$row0\n1,0.2,0.2\n"
case_ long-row "long-row.csv:2: expected 9" "$hdr\n$row0,7\n"
case_ not-a-number "not-a-number.csv:3:4 (column 'u_brachioradialis'): expected a number, found 'abc'" "$hdr\n$row0\n1,0.2,0.2,abc,0.2,0.2,0.2,0,0\n"
case_ empty-cell "empty-cell.csv:2:9 (column 'load_y'): empty cell" "$hdr\n0,0.2,0.2,0.2,0.2,0.2,0.2,0,\n"
case_ nan "nan.csv:2:2 (column 'u_pectoralis'): expected a finite number" "$hdr\n0,nan,0.2,0.2,0.2,0.2,0.2,0,0\n"
case_ out-of-range "out-of-range.csv:3:6 (column 'u_biceps'): expected an excitation in [0, 1], found 1.5" "$hdr\n$row0\n1,0.2,0.2,0.2,0.2,1.5,0.2,0,0\n"
case_ step-gap "step-gap.csv:3:1 (column 'step'): expected step 1, found 2" "$hdr\n$row0\n2,0.2,0.2,0.2,0.2,0.2,0.2,0,0\n"
case_ duplicate-name "header names column 'u_deltoid' twice" "step,u_pectoralis,u_deltoid,u_deltoid,u_tricepslat,u_biceps,u_tricepslong,load_x,load_y\n$row0\n"
case_ trailing-junk "trailing-junk.csv:2:8 (column 'load_x'): expected a number, found '0x'" "$hdr\n0,0.2,0.2,0.2,0.2,0.2,0.2,0x,0\n"
msg=$("$cli" arm replay --inputs "$tmp/none.csv" 2>&1); rc=$?
[ $rc -ne 0 ] && [[ "$msg" == *"none.csv: cannot open"* ]] && echo "  ok   missing file: \"$msg\"" || { echo "  FAIL missing file: $msg"; fail=$((fail+1)); }
msg=$("$cli" arm replay --inputs "$data/seqA_inputs.csv" --q0 60 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$msg" == *"--q0"* ]] && echo "  ok   bad --q0: \"$msg\"" || { echo "  FAIL bad --q0: $msg"; fail=$((fail+1)); }
msg=$("$cli" arm replay --inputs "$data/seqA_inputs.csv" --field sideways 2>&1); rc=$?
[ $rc -eq 2 ] && [[ "$msg" == *"expected null, cw or ccw"* ]] && echo "  ok   bad --field: \"$msg\"" || { echo "  FAIL bad --field: $msg"; fail=$((fail+1)); }

# a good file: the written table equals the reference (every column to 1e-12 relative)
"$cli" arm replay --inputs "$data/seqA_curlCW10_inputs.csv" --q0 1.046875rad,1.5703125rad --field cw --gain 10 --out "$tmp/good.csv"
worst=$(python3 - "$tmp/good.csv" "$data/seqA_curlCW10_f64.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1]))); b = list(csv.reader(open(sys.argv[2])))
assert a[0] == b[0], "header differs"
assert len(a) == len(b), "row count differs"
print(max(abs(float(x) - float(y)) / max(abs(float(y)), 1.0) for ra, rb in zip(a[1:], b[1:]) for x, y in zip(ra, rb)))
PY
)
if python3 -c "import sys; sys.exit(0 if float('$worst') <= 1e-12 else 1)" 2>/dev/null; then
  echo "  ok   replay --field cw --gain 10 writes the reference table: worst rel err $worst"
else
  echo "  FAIL replay output vs reference: $worst"; fail=$((fail+1))
fi
"$cli" --help | grep -q "arm" && "$cli" arm replay --help | grep -q -- "--field" && echo "  ok   --help texts" || { echo "  FAIL --help"; fail=$((fail+1)); }
# issue 18: the locale is set, so help keeps its UTF-8 under a UTF-8 locale (GLib transliterated
# it to "[OPTION?]" and "N?s/m" before)
h=$(LC_ALL=C.UTF-8 "$cli" arm replay --help)
if [[ "$h" == *"[OPTION…]"* ]] && [[ "$h" == *"N·s/m"* ]]; then
  echo "  ok   help under C.UTF-8 keeps \"[OPTION…]\" and \"N·s/m\""
else
  echo "  FAIL help under C.UTF-8: $(printf '%s' "$h" | head -2)"; fail=$((fail+1))
fi
echo "cli errors: $fail failed"
[ $fail -eq 0 ]
