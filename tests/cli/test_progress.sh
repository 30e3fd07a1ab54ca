#!/usr/bin/env bash
# Progress where a user waits (issue 18 item 8): `savings` names each network (and its size with
# --sizes) with its phase, batch and ETA, as plain lines when stderr is not a terminal and as one
# rewritten line per job on a terminal (checked under script(1) when it is installed); `train`
# keeps its line; `report` reads a `train` output directory.
set -u
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # description, condition (as a command)
  if eval "$2"; then echo "  ok   $1"; else echo "  FAIL $1"; fail=$((fail + 1)); fi
}
cat > "$tmp/tiny.ini" <<'INI'
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
"$cli" savings -c "$tmp/tiny.ini" -n 2 -j 2 --sizes 8,10 -o "$tmp/s" >/dev/null 2>"$tmp/err"
rc=$?
sed 's/^/        /' "$tmp/err" | head -12
check "savings --sizes exit 0 (got $rc)" '[ $rc -eq 0 ]'
for size in 8 10; do
  for n in 0 1; do
    for stage in NF1 FF1 NF2 FF2; do
      check "units-$size network $n: a $stage line with batch/total and ETA" \
        'grep -Eq "^units-$size network $n: $stage +batch +0/[34] .* batch/s  ETA [0-9]+ (s|min|h)$" "$tmp/err"'
    done
    check "units-$size network $n done" 'grep -qx "units-$size network $n done" "$tmp/err"'
  done
done
check "plain lines: no carriage returns or escapes" '! grep -q $'"'"'[\r\033]'"'"' "$tmp/err"'
"$cli" savings -c "$tmp/tiny.ini" -n 1 -o "$tmp/p" >/dev/null 2>"$tmp/err1"
check "without --sizes the line names the network alone" \
  'grep -Eq "^network 0: FF2  batch +0/4 " "$tmp/err1" && grep -qx "network 0 done" "$tmp/err1"'
"$cli" savings -c "$tmp/tiny.ini" -n 1 -o "$tmp/p" >/dev/null 2>"$tmp/err2"
check "a complete network is kept and said so" 'grep -qx "network 0: complete already, kept" "$tmp/err2"'

"$cli" train -c "$tmp/tiny.ini" -o "$tmp/t" >"$tmp/tout" 2>"$tmp/terr"
rc=$?
check "train exit 0 (got $rc), its progress lines" \
  '[ $rc -eq 0 ] && grep -Eq "^FF1  batch +0  loss .* batch/s  ETA +[0-9]+ s$" "$tmp/terr"'
check "train prints the reaches after growing up" \
  'grep -q "^centre-out reaches, null field (end error / LD, mm):" "$tmp/terr"'
out=$("$cli" report "$tmp/t" 2>&1)
rc=$?
echo "$out" | sed 's/^/        /' | tail -3
check "report on a train directory: exit $rc" '[ $rc -eq 0 ] && [ -s "$tmp/t/summary.txt" ]'
check "its report.csv has the one network, seed 0" \
  '[ "$(wc -l < "$tmp/t/report.csv")" -eq 2 ] && cut -d, -f1,3 "$tmp/t/report.csv" | tail -1 | grep -qx "0,0"'
mkdir "$tmp/empty"
msg=$("$cli" report "$tmp/empty" 2>&1)
check "an empty directory is refused: \"$msg\"" '[[ "$msg" == *"no network-NNNN.h5 files (savings) and no network.h5 (train)"* ]]'

"$cli" fit --synthetic ssm1 --models ssm1,ssm2 --starts 1 -o "$tmp/fit" >/dev/null 2>"$tmp/ferr"
rc=$?
sed 's/^/        /' "$tmp/ferr"
check "fit: exit $rc, a line per model with its starts, best SSE and ETA" \
  '[ $rc -eq 0 ] && grep -Eq "^fit: SSM1  \(model 1/2\) start 2/2  best SSE [0-9.e+-]+  [0-9]+ evals  ETA [0-9]+ s$" "$tmp/ferr" && grep -Eq "^fit: SSM2  \(model 2/2\) start 2/2 .* ETA 0 s$" "$tmp/ferr"'

if command -v script >/dev/null; then
  script -qfec "'$cli' savings -c '$tmp/tiny.ini' -n 3 -j 2 -o '$tmp/b'" "$tmp/typescript" >/dev/null 2>&1
  check "terminal: the board moves up over its 2 job lines" 'grep -q $'"'"'\033\[2A'"'"' "$tmp/typescript"'
  check "terminal: each job line rewritten in place" \
    'grep -aq $'"'"'\r\033\[Knetwork 2: '"'"' "$tmp/typescript" && grep -aq "network 2 done" "$tmp/typescript"'
else
  echo "  skip the terminal form (no script(1))"
fi
echo "progress: $fail failed"
[ $fail -eq 0 ]
