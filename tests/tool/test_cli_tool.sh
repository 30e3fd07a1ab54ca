#!/bin/sh
# reachlab-cli tool: experiment 2 (opposing) with the bundled network writes 540 rows with the
# columns issue 8 asks for, channel rows carry adaptation and no MPE, field rows the reverse; bad
# usage exits 2 with a message. Arguments: the CLI, the network file. Skips (77) without it.
cli=$(realpath "$1"); net="$2"  # absolute: one run below is from another directory
[ -f "$net" ] || { echo "no network at $net: skipped"; exit 77; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
fail=0
check() { if eval "$1"; then echo "  ok   $2"; else echo "  FAIL $2"; fail=1; fi; }

"$cli" tool --experiment exp2-opposing --seed 2 --network "$net" --out "$dir/opp" --quiet \
  >"$dir/stdout" 2>"$dir/stderr"
rc=$?
cat "$dir/stdout"
check '[ $rc -eq 0 ]' "tool exp2-opposing exits 0 (got $rc)"
csv="$dir/opp/trials.csv"
head -1 "$csv"
check '[ "$(head -1 "$csv" | cut -d, -f1-7)" = "trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat" ]' \
  "header starts trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat"
rows=$(($(wc -l <"$csv") - 1))
check '[ $rows -eq 540 ]' "540 trial rows (got $rows)"
bad=$(awk -F, 'NR > 1 && (($3 ~ /^channel/) != ($5 == "" && $6 != "" && $4 == "")) {n++} END {print n+0}' "$csv")
check '[ $bad -eq 0 ]' "channel rows have adaptation and no MPE/perturbation, others the reverse ($bad rows off)"
h5size=$(wc -c <"$dir/opp/trials.h5" 2>/dev/null || echo 0)
check '[ "$h5size" -gt 540 ]' "trials.h5 (hand paths, channel forces) written: $h5size bytes"
nch=$(awk -F, 'NR > 1 && $3 == "channel" {n++} END {print n+0}' "$csv")
check '[ $nch -eq 102 ]' "102 channel trials (got $nch)"
# The summary's channel indices (25-26: end of exposure, 27: first of de-adaptation) assume each
# cue has 26 channel trials before trial 441 and 25 after (sssm-coin-spec §3.4).
split=$(awk -F, 'NR > 1 && $3 == "channel" { if ($1 <= 440) a[$2]++; else b[$2]++ }
  END { printf "%d/%d before 441, %d/%d after", a[1], a[2], b[1], b[2] }' "$csv")
check '[ "$split" = "26/26 before 441, 25/25 after" ]' "channel trials per cue: $split"

# Without --network the bundled one is found from any directory, not only the source tree's.
(cd "$dir" && "$cli" tool --experiment exp2-same --seed 2 --out "$dir/cwd" --quiet) \
  >"$dir/stdout" 2>"$dir/err"
rc=$?
check '[ $rc -eq 0 ] && [ $(($(wc -l <"$dir/cwd/trials.csv") - 1)) -eq 540 ]' \
  "no --network, run from $dir: exit $rc, $(head -c 200 "$dir/err")$(head -1 "$dir/stdout")"
"$cli" tool --experiment exp9 --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "expected exp1-two" "$dir/err"' "unknown experiment: exit $rc, $(cat "$dir/err")"
"$cli" tool --experiment exp2-same --learner ssm9 --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "expected sssm, ssm1 ... ssm7, coin or rnn, found .ssm9." "$dir/err"' "unknown learner: exit $rc, $(cat "$dir/err")"
"$cli" tool --experiment exp2-same >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "out DIR is required" "$dir/err"' "no --out: exit $rc, $(cat "$dir/err")"
printf '[ssm3]\na_s = 0.99\n' > "$dir/p.ini"
"$cli" tool --experiment exp2-same --network "$net" --params "$dir/p.ini" --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "unexpected group \[ssm3\]; expected \[sssm\]" "$dir/err"' "--params for another model: exit $rc, $(cat "$dir/err")"
# A slower slow process forgets less between blocks: the same run with a_s = 0.9999 must keep
# more of the cue-1 memory than with the paper's 0.9946 (the learner really takes the file).
printf '[sssm]\na_s = 0.9999\n' > "$dir/p.ini"
"$cli" tool --experiment exp2-opposing --seed 2 --network "$net" --params "$dir/p.ini" \
  --out "$dir/y" --quiet >/dev/null 2>&1
rc=$?
a=$(awk -F, 'NR > 1 && $7 != "" { s += $7 } END { printf "%.6f", s }' "$dir/opp/trials.csv")
b=$(awk -F, 'NR > 1 && $7 != "" { s += $7 } END { printf "%.6f", s }' "$dir/y/trials.csv")
check '[ $rc -eq 0 ] && [ "$a" != "$b" ]' "--params a_s = 0.9999 changes the learner's predictions (sum of yhat $a -> $b)"
# The network as the learner: the same columns; yhat only on channel rows, where it is the
# adaptation / 100 signed into cue-1 field units (so |100 yhat| = |adaptation|); the reach loss
# on the rows it learns from (field and null), none on channel rows; no force at the hand.
"$cli" tool --experiment exp2-same --seed 2 --learner rnn --network "$net" --out "$dir/rnn" \
  >"$dir/stdout" 2>"$dir/stderr"
rc=$?
cat "$dir/stdout"
check '[ $rc -eq 0 ]' "tool --learner rnn exits 0 (got $rc)"
csv="$dir/rnn/trials.csv"
check '[ "$(head -1 "$csv" | cut -d, -f1-7)" = "trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat" ]' \
  "rnn: header starts trial,cue,type,perturbation,mpe_mm,adaptation_pct,yhat"
check '[ "$(head -1 "$csv" | cut -d, -f12)" = "loss" ]' "rnn: column 12 is loss"
rows=$(($(wc -l <"$csv") - 1))
check '[ $rows -eq 540 ]' "rnn: 540 trial rows (got $rows)"
bad=$(awk -F, 'NR > 1 && (($3 ~ /^channel/) != ($7 != "" && $12 == "")) {n++} END {print n+0}' "$csv")
check '[ $bad -eq 0 ]' "rnn: yhat on channel rows only, loss on the others ($bad rows off)"
off=$(awk -F, 'NR > 1 && $3 ~ /^channel/ { d = 100 * $7; d = d < 0 ? -d : d; a = $6 < 0 ? -$6 : $6;
  if ((d - a) > 1e-4 * (a + 1) || (a - d) > 1e-4 * (a + 1)) n++ } END {print n+0}' "$csv")
check '[ $off -eq 0 ]' "rnn: |100 yhat| = |adaptation| on channel rows ($off rows off)"
comp=$(awk -F, 'NR > 1 && $10 != 0 {n++} END {print n+0}' "$csv")
check '[ $comp -eq 0 ]' "rnn: no compensation force at the hand ($comp rows with comp_gain != 0)"
grep -q "trials/s" "$dir/stdout"
check '[ $? -eq 0 ]' "rnn: reports trials per second"
"$cli" tool --experiment exp2-same --lr 0.1 --network "$net" --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "lr goes with --learner rnn" "$dir/err"' "--lr without rnn: exit $rc, $(cat "$dir/err")"
"$cli" tool --experiment exp2-same --learner rnn --params "$dir/p.ini" --network "$net" \
  --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "learner rnn takes --lr" "$dir/err"' "--params with rnn: exit $rc, $(cat "$dir/err")"
"$cli" tool --experiment exp2-same --no-cue --network "$net" --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "no-cue goes with --learner rnn" "$dir/err"' "--no-cue without rnn: exit $rc, $(cat "$dir/err")"
# COIN as the learner, with a [coin] parameter file; a bad [coin] key and a bad --gen-rule exit 2
printf '[coin]\nparticles = 20\n' > "$dir/coin.ini"
"$cli" tool --experiment exp2-opposing --learner coin --params "$dir/coin.ini" --network "$net" \
  --out "$dir/coin" --quiet >"$dir/stdout" 2>"$dir/err"
rc=$?
check '[ $rc -eq 0 ] && grep -q "COIN (20 particles)" "$dir/stdout" && [ $(($(wc -l <"$dir/coin/trials.csv") - 1)) -eq 540 ]' \
  "--learner coin --params (20 particles): exit $rc, $(head -1 "$dir/stdout")$(cat "$dir/err")"
printf '[coin]\nrho = 0.5\n' > "$dir/coin.ini"
"$cli" tool --experiment exp2-same --learner coin --params "$dir/coin.ini" --network "$net" \
  --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "coin.ini:2: \[coin\] unknown key .rho." "$dir/err"' "bad [coin] key: exit $rc, $(cat "$dir/err")"
"$cli" tool --experiment exp1-two --gen-rule nearest --network "$net" --out "$dir/x" >/dev/null 2>"$dir/err"
rc=$?
check '[ $rc -eq 2 ] && grep -q "gen-rule: expected side or geometry" "$dir/err"' "bad --gen-rule: exit $rc, $(cat "$dir/err")"
exit $fail
