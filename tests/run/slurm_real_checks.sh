#!/usr/bin/env bash
# scripts/slurm_array.sh under a real single-node Slurm that this script starts and stops.
#
# A private munged (own key and socket) and slurmctld + slurmd with a minimal slurm.conf
# run from a temporary directory; nothing outside it is written and only the daemons
# started here are stopped at the end. The array script is submitted as docs/hpc.md says
# (sbatch --array ... scripts/slurm_array.sh SCENARIO OUTDIR), one CPU per task. Once
# their journals have grown, the two running tasks are stopped mid-run:
# - task 1 with `scontrol requeue` (as an administrator or preemption would: SIGTERM to
#   every process of the task, then SIGKILL after KillWait), and Slurm requeues it;
# - task 0 with the time-limit warning the script asks for (--signal=B:USR1@120, sent by
#   hand with `scancel --batch --signal=USR1`), and the task requeues itself.
# Each must save its journal (jisas-sim exits 75), run again, and resume from the journal
# at the cohort it saved; the merged parts must equal one `jisas-sim run` dataset for
# dataset. Any step that fails (no root, a daemon that does not start, a timeout) fails
# the test with one line saying what.
# Usage: slurm_real_checks.sh JISAS_SIM WORK_DIR [COHORTS]
# COHORTS: enough that each task runs for seconds, so both can be caught mid-run by a
# poll every 0.5 s: at 240,000 (80,000 a task, 1.5 s on one CPU in session 14) task 0
# could finish while task 1 was being requeued.
set -euo pipefail
exe=$(realpath "$1") work=$2 cohorts=${3:-960000}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
compare="$here/../h5py/compare_datasets.py"
tasks=3
started=$SECONDS

failure=""
# The message is repeated after the daemons' logs when the cleanup prints them.
fail() { failure=$*; echo "FAIL: $*" >&2; exit 1; }

# Waits up to $1 seconds for the command "${@:2}" to succeed.
wait_for() {
  local limit=$1 t0=$SECONDS
  shift
  until "$@"; do
    ((SECONDS - t0 < limit)) || return 1
    sleep 0.5
  done
}

check_prerequisites() {
  [ "$(id -u)" -eq 0 ] || fail "slurmd must run as root to start jobs; run this test as root"
  local cmd
  for cmd in munged mungekey munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
    command -v "$cmd" >/dev/null ||
      fail "$cmd not found: install slurm-wlm and munge (scripts/setup.sh)"
  done
}

# Two free TCP ports on 127.0.0.1 for slurmctld and slurmd, so that a Slurm already on
# this host (default ports 6817/6818) is neither used nor disturbed.
free_ports() {
  /usr/bin/python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))'
}

# --- daemons -----------------------------------------------------------------------------
# PIDs of the daemons started here: the only processes the cleanup stops.
munged_pid="" slurmctld_pid="" slurmd_pid=""

start_munge() {
  # munged refuses a key readable by others, and a socket directory not searchable by all.
  mkdir -m 700 "$state/munge-key"
  mkdir -m 755 "$state/munge"
  mungekey --create --keyfile="$state/munge-key/munge.key"
  munged --foreground --socket="$state/munge/socket" --key-file="$state/munge-key/munge.key" \
    --pid-file="$state/munge/munged.pid" --seed-file="$state/munge-key/seed" \
    --log-file="$state/log/munged.log" >"$state/log/munged.out" 2>&1 &
  munged_pid=$!
  munge_works() { munge -n -S "$state/munge/socket" 2>/dev/null | unmunge -S "$state/munge/socket" >/dev/null 2>&1; }
  wait_for 20 munge_works || { cat "$state/log/munged.out" >&2; fail "munged did not start"; }
}

write_slurm_conf() {
  local host=$1 ctld_port=$2 slurmd_port=$3 mem
  mem=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  # KillWait: the SIGTERM-to-SIGKILL gap of a requeue, time enough to save the journal.
  # cred_expire: a requeued job waits this long before it may start again (default 120 s).
  cat >"$SLURM_CONF" <<EOF
ClusterName=jisastest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge/socket,cred_expire=10
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobRequeue=1
KillWait=30
MailProg=/bin/true
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmdSpoolDir=$state/spool
StateSaveLocation=$state/statesave
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

# The node is idle; fails at once if a daemon has exited (it cannot start here).
node_idle() {
  local name pid
  for name in slurmctld slurmd; do
    pid=${name}_pid
    kill -0 "${!pid}" 2>/dev/null ||
      fail "$name exited at start: $(tail -n 1 "$state/log/$name.out") (log tails below)"
  done
  [ "$(sinfo -h -n "$host" -o %T 2>/dev/null)" = idle ]
}

start_slurm() {
  mkdir -p "$state/spool" "$state/statesave"
  # -D: stay in the foreground, so that $! is the daemon and the cleanup can stop it.
  slurmctld -D -f "$SLURM_CONF" >"$state/log/slurmctld.out" 2>&1 &
  slurmctld_pid=$!
  slurmd -D -f "$SLURM_CONF" >"$state/log/slurmd.out" 2>&1 &
  slurmd_pid=$!
  wait_for 60 node_idle || fail "Slurm did not come up: node $host is not idle after 60 s"
}

# Stops a daemon started here: SIGTERM, then SIGKILL if it has not gone in 20 s.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait_for 20 eval "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

no_jobs_left() {
  [ -z "$(squeue -h -o %i 2>/dev/null)" ] && [ -z "$(find "$state/spool" -maxdepth 1 -type s 2>/dev/null)" ]
}

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [ -n "$slurmctld_pid" ] && kill -0 "$slurmctld_pid" 2>/dev/null; then
    # Jobs first: their slurmstepd processes outlive slurmd; a step's socket in the spool
    # directory is gone when the step is.
    scancel --full --quiet --partition=debug 2>/dev/null || true
    wait_for 60 no_jobs_left || echo "warning: jobs still running at cleanup" >&2
  fi
  stop_pid "$slurmd_pid"
  stop_pid "$slurmctld_pid"
  stop_pid "$munged_pid"
  if [ "$code" -ne 0 ] && [ -d "$state/log" ]; then
    echo "--- Slurm and munge logs (tails) ---" >&2
    tail -n 15 "$state"/log/* >&2 2>/dev/null || true
    [ -z "$failure" ] || echo "FAIL: $failure" >&2
  fi
  rm -rf "$state"
  exit "$code"
}

# --- the job array -----------------------------------------------------------------------
# One line of `scontrol show job -o` for task $1, or nothing once the job is forgotten.
task_info() { scontrol show job -o "${job}_$1" 2>/dev/null || true; }
task_field() { task_info "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
task_state() { task_field "$1" JobState; }

# The journal of task $1 exists, has grown by 1 MB since first seen, and the task is still
# running: the moment to stop it mid-run.
declare -A first_size=()
journal_grown() {
  local k=$1 size
  [ "$(task_state "$k")" = RUNNING ] || return 1
  size=$(stat -c %s "parts/part-$k.h5.checkpoint" 2>/dev/null) || return 1
  [ -n "${first_size[$k]:-}" ] || { first_size[$k]=$size; return 1; }
  ((size > first_size[$k] + 1000000))
}

# Waits until task $1 is mid-run, then runs "${@:2}" on it.
stop_mid_run() {
  local k=$1
  shift
  wait_for 300 journal_grown "$k" ||
    fail "task $k was not running with a growing journal within 300 s (state $(task_state "$k"))"
  echo "task $k: $* (journal $(stat -c %s "parts/part-$k.h5.checkpoint") bytes)"
  "$@" "${job}_$k" || fail "$* ${job}_$k failed"
}

array_done() { [ -z "$(squeue -h -j "$job" -o %i 2>/dev/null)" ]; }

check_task() {
  local k=$1 restarts=$2 info log="slurm-${job}_$1.out"
  info=$(task_info "$k")
  echo "task $k: $(task_field "$k" JobState), exit $(task_field "$k" ExitCode), restarts $(task_field "$k" Restarts)"
  [ "$(task_field "$k" JobState)" = COMPLETED ] || { cat "$log" >&2; fail "task $k did not complete: $info"; }
  [ "$(task_field "$k" Restarts)" = "$restarts" ] || fail "task $k was restarted $(task_field "$k" Restarts) times, expected $restarts"
  [ -e "parts/part-$k.h5" ] || fail "task $k left no part file"
  [ ! -e "parts/part-$k.h5.checkpoint" ] || fail "task $k left its journal behind"
}

# The log of stopped task $1 (the script appends, so it keeps both attempts): jisas-sim
# saved N cohorts on SIGTERM, the script said $2, and the second attempt resumed from N.
check_resumed() {
  local k=$1 said=$2 log="slurm-${job}_$1.out" saved resumed
  echo "--- $log"
  grep -v '^ \|^cohorts ' "$log"  # without the progress lines and the summary table
  saved=$(sed -n 's/.*interrupted by SIGTERM: \([0-9]*\) of [0-9]* cohorts saved.*/\1/p' "$log")
  resumed=$(sed -n 's/^resuming [^:]*: \([0-9]*\) of [0-9]* cohorts from .*part-'"$k"'\.h5\.checkpoint.*/\1/p' "$log")
  [ -n "$saved" ] || fail "task $k did not save its journal on SIGTERM (no 'interrupted by SIGTERM' in $log)"
  grep -q "$said" "$log" || fail "task $k: no '$said' in $log"
  [ -n "$resumed" ] || fail "task $k did not resume from its journal (no 'resuming' in $log)"
  ((saved > 0)) || fail "task $k saved no cohorts before it was stopped"
  [ "$saved" = "$resumed" ] || fail "task $k saved $saved cohorts but resumed from $resumed"
  echo "task $k: saved $saved cohorts on SIGTERM, resumed from $resumed when it ran again"
}

# --- main --------------------------------------------------------------------------------
check_prerequisites
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# Daemon state outside the build tree: munged checks every directory above its key.
state=$(mktemp -d /tmp/jisas-slurm.XXXXXX)
chmod 755 "$state"
mkdir "$state/log"
trap cleanup EXIT
trap 'exit 130' INT TERM
export SLURM_CONF="$state/slurm.conf"
host=$(hostname -s)

start_munge
read -r ctld_port slurmd_port < <(free_ports)
write_slurm_conf "$host" "$ctld_port" "$slurmd_port"
start_slurm
version=$(sinfo --version)
echo "$version up on $host ($((SECONDS - started)) s): slurmctld :$ctld_port, slurmd :$slurmd_port"

sed "s/^cohorts: .*/cohorts: $cohorts/" "$root/scenarios/jisas.yaml" >study.yaml
grep -q "^cohorts: $cohorts\$" study.yaml || fail "could not set the cohorts of study.yaml"

# As docs/hpc.md: sbatch --array=0-(N-1) scripts/slurm_array.sh SCENARIO OUTDIR, with
# JISAS_SIM for the binary. This node has 2 CPUs, so one per task (the script asks for 8).
export JISAS_SIM="$exe"
job=$(sbatch --parsable --array=0-$((tasks - 1)) --cpus-per-task=1 \
  "$root/scripts/slurm_array.sh" study.yaml parts) || fail "sbatch refused the array script"
job=${job%%;*}
echo "submitted array job $job ($tasks tasks, $cohorts cohorts)"

stop_mid_run 1 scontrol requeue
stop_mid_run 0 scancel --batch --signal=USR1

wait_for 900 array_done || fail "the array job did not finish within 900 s: $(squeue -h -j "$job")"
check_task 0 1
check_task 1 1
check_task 2 0
check_resumed 0 "interrupted before the time limit and saved; requeueing"
check_resumed 1 "stopped by Slurm and saved"

"$exe" merge parts/part-*.h5 -o merged.h5 >/dev/null
"$exe" run study.yaml --quiet -o single.h5 >/dev/null
/usr/bin/python3 "$compare" single.h5 merged.h5
echo "real Slurm ($version): array of $tasks; task 1 requeued by scontrol, task 0 by itself on USR1; both resumed; merged = single run; $((SECONDS - started)) s"
