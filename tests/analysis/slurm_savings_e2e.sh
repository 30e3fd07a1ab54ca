#!/usr/bin/env bash
# The sharded savings path end to end on a real single-node Slurm (issue 7): start munged,
# slurmctld and slurmd on localhost from a private directory (after
# ../shared/design/slurm-single-node.md), run a tiny 4-network sweep as a 4-task job array with
# build-aux/slurm/savings.sbatch, merge it with the same script as a dependent job, and require
# the merged summary.csv to equal, byte for byte, the one an unsharded `reachlab-cli savings`
# writes. Everything started here is stopped by pid. Skips (77) unless run as root with
# slurm-wlm and munge installed.
#
# usage: slurm_savings_e2e.sh REACHLAB_CLI SAVINGS_SBATCH
set -euo pipefail
cli=$1 sbatch_script=$2

for p in munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo; do
  command -v "$p" >/dev/null || { echo "SKIP: $p not installed (apt-get install slurm-wlm munge)"; exit 77; }
done
[[ $(id -u) == 0 ]] || { echo "SKIP: needs root (slurmd runs jobs as their user)"; exit 77; }

BASE=$(mktemp -d /tmp/reach-slurm-XXXXXX)
CTLD_PORT=$((20000 + $$ % 20000)) SLURMD_PORT=$((CTLD_PORT + 1))
HOST=$(hostname -s)
NCPUS=$(nproc)
TIMEOUT=120
T0=$EPOCHREALTIME
log() { awk -v a="$T0" -v b="$EPOCHREALTIME" -v m="$*" 'BEGIN{printf "[%6.2fs] %s\n", b-a, m}'; }
export SLURM_CONF=$BASE/slurm.conf
MUNGED_PID= CTLD_PID= SLURMD_PID= JOBS=

wait_gone() {
  local pid=$1 n=$(($2 * 10))
  while kill -0 "$pid" 2>/dev/null && ((n-- > 0)); do sleep 0.1; done
  ! kill -0 "$pid" 2>/dev/null
}

cleanup() {
  local rc=$?
  set +e
  if [[ -n $JOBS && -n $CTLD_PID ]] && kill -0 "$CTLD_PID" 2>/dev/null; then
    for j in $JOBS; do scancel "$j" 2>/dev/null; done
    for _ in $(seq 50); do
      [[ -z $(squeue -h -r -t PD,R,CG,CF -o %i 2>/dev/null) ]] && break
      sleep 0.2
    done
  fi
  local grace=0
  if [[ -n $CTLD_PID ]] && kill -0 "$CTLD_PID" 2>/dev/null; then
    scontrol shutdown >/dev/null 2>&1 && grace=15
  fi
  for p in $SLURMD_PID $CTLD_PID; do
    wait_gone "$p" "$grace" || { kill -TERM "$p" 2>/dev/null; wait_gone "$p" 5 || kill -KILL "$p" 2>/dev/null; }
  done
  if [[ -n $MUNGED_PID ]]; then
    kill -TERM "$MUNGED_PID" 2>/dev/null
    wait_gone "$MUNGED_PID" 5 || kill -KILL "$MUNGED_PID" 2>/dev/null
  fi
  if ((rc != 0)); then
    echo "---- FAILED (rc=$rc); logs:" >&2
    tail -n 15 "$BASE"/log/* "$BASE"/out/*.out >&2 2>/dev/null
  fi
  log "cluster stopped (rc=$rc)"
  ((rc == 0)) && rm -rf "$BASE"  # kept on failure, for the logs
  exit "$rc"
}
trap cleanup EXIT

mkdir -p "$BASE"/{munge,state,spool,log,out}
chmod 755 "$BASE" "$BASE/munge"  # munged refuses a socket path without o+x all the way up
mungekey --create --keyfile="$BASE/munge/munge.key"
munged --foreground --key-file="$BASE/munge/munge.key" --socket="$BASE/munge/munge.sock" \
  --pid-file="$BASE/munge/munged.pid" --seed-file="$BASE/munge/munged.seed" \
  >"$BASE/log/munged.log" 2>&1 &
MUNGED_PID=$!
for _ in $(seq 50); do [[ -S $BASE/munge/munge.sock ]] && break; sleep 0.1; done
[[ -S $BASE/munge/munge.sock ]] || { echo "munged did not start:" >&2; cat "$BASE/log/munged.log" >&2; exit 1; }

cat >"$SLURM_CONF" <<EOF
ClusterName=reachtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$BASE/munge/munge.sock
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/slurmctld.pid
SlurmdPidFile=$BASE/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$NCPUS State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D >"$BASE/log/slurmctld.stdout" 2>&1 &
CTLD_PID=$!
slurmd -D -N "$HOST" >"$BASE/log/slurmd.stdout" 2>&1 &
SLURMD_PID=$!
state=
for ((i = 0; i < TIMEOUT * 5; i++)); do
  kill -0 "$CTLD_PID" 2>/dev/null && kill -0 "$SLURMD_PID" 2>/dev/null || { echo "a slurm daemon died" >&2; exit 1; }
  state=$(sinfo -h -n "$HOST" -o %T 2>/dev/null || true)
  [[ $state == idle ]] && break
  sleep 0.2
done
[[ $state == idle ]] || { echo "node never became idle (state '$state')" >&2; exit 1; }
log "single-node Slurm up on ports $CTLD_PORT/$SLURMD_PORT ($NCPUS CPUs)"

# A sweep small enough for seconds: 4 networks of 8 units, a few batches per stage.
cat >"$BASE/tiny.ini" <<'EOF'
[network]
units = 8
[growing_up]
batches = 10
batch = 8
[phases]
nf1_batches = 10
ff1_batches = 15
nf2_batches = 10
ff2_batches = 15
[experiment]
checkpoint_every = 0
EOF

export REACHLAB_CLI=$cli
array=$(sbatch --parsable --array=0-3 --cpus-per-task=1 --chdir="$BASE/out" \
  --output="$BASE/out/task-%A_%a.out" "$sbatch_script" "$BASE/tiny.ini" 4 "$BASE/sharded")
merge=$(sbatch --parsable --dependency=afterok:"$array" --chdir="$BASE/out" \
  --output="$BASE/out/merge-%j.out" "$sbatch_script" "$BASE/tiny.ini" 4 "$BASE/sharded")
JOBS="$array $merge"
log "submitted array $array (4 shards) and merge $merge (afterok)"

# Meanwhile the unsharded reference, outside Slurm.
"$cli" savings --config "$BASE/tiny.ini" --networks 4 --out "$BASE/whole" >/dev/null 2>&1
log "unsharded reference written"

for ((i = 0; i < TIMEOUT * 5; i++)); do
  states=$(squeue -h -r -t all -j "$array,$merge" -o %T | sort | uniq -c | xargs)
  grep -qE 'PENDING|RUNNING|COMPLETING|CONFIGURING' <<<"$states" || break
  sleep 0.2
done
log "jobs finished: $states"
[[ $states == "5 COMPLETED" ]] || { echo "expected 5 COMPLETED (4 shards + merge), got: $states" >&2; exit 1; }

fail=0
for t in 0 1 2 3; do
  f=$BASE/sharded/summary-shard-$t-of-4.csv
  [[ -s $f ]] && echo "ok   shard $t wrote $(($(wc -l <"$f") - 1)) row(s): $(basename "$f")" ||
    { echo "FAIL shard $t: no $f"; fail=1; }
done
cat "$BASE"/out/merge-*.out
if cmp -s "$BASE/whole/summary.csv" "$BASE/sharded/summary.csv"; then
  echo "ok   merged summary.csv equals the unsharded run's ($(wc -c <"$BASE/whole/summary.csv") bytes):"
  cat "$BASE/sharded/summary.csv"
else
  echo "FAIL merged summary.csv differs from the unsharded run's:"
  diff "$BASE/whole/summary.csv" "$BASE/sharded/summary.csv" || true
  fail=1
fi
n=$(ls "$BASE"/sharded/network-*.h5 2>/dev/null | wc -l)
((n == 4)) && echo "ok   4 network files in the merged directory" || { echo "FAIL $n network files"; fail=1; }
log "done"
exit $fail
