#!/usr/bin/env bash
# scripts/slurm_array.sh without Slurm: the array variables are set by hand and a fake
# `scontrol` records the requeue. A task whose batch shell is sent USR1 (the time-limit
# warning of --signal=B:USR1) saves its journal, exits 75 and requeues itself; a task whose
# every process is sent SIGTERM (scontrol requeue, preemption) saves, exits 75 and leaves
# the requeue to Slurm; the task run again resumes and its part equals the uninterrupted
# shard bit for bit; a task whose part is complete does nothing.
# tests/run/slurm_real_checks.sh does the same under a real Slurm.
# Usage: slurm_checks.sh JISAS_SIM WORK_DIR [COHORTS]
set -euo pipefail
exe=$1 work=$2 cohorts=${3:-150000}
here=$(cd "$(dirname "$0")" && pwd)
root="$here/../.."
compare="$here/../h5py/compare_datasets.py"
rm -rf "$work" && mkdir -p "$work/bin" && cd "$work"
sed "s/^cohorts: .*/cohorts: $cohorts/" "$root/scenarios/jisas.yaml" >study.yaml
printf '#!/bin/sh\necho "$*" >>"%s/requeued.txt"\n' "$work" >bin/scontrol
chmod +x bin/scontrol
export PATH="$work/bin:$PATH" JISAS_SIM="$exe" SLURM_ARRAY_JOB_ID=42 SLURM_ARRAY_TASK_ID=1 \
  SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1
task() { bash "$root/scripts/slurm_array.sh" study.yaml parts; }

"$exe" run study.yaml --shard 1/3 --threads 2 --quiet -o reference.h5 >/dev/null

# Starts the task in its own process group (set -m), as slurmstepd does, so that a signal
# can reach the batch shell alone or every process of the task; waits until the journal
# has grown by 100 kB.
start_task() {
  local before
  before=$(stat -c %s parts/part-1.h5.checkpoint 2>/dev/null || echo 0)
  set -m
  bash "$root/scripts/slurm_array.sh" study.yaml parts >"$1" 2>&1 &
  pid=$!
  set +m
  until [ "$(stat -c %s parts/part-1.h5.checkpoint 2>/dev/null || echo 0)" -gt $((before + 100000)) ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$1"; echo "FAIL: the task ended before it was signalled"; exit 1; }
    sleep 0.01
  done
}
# Waits for the task; fails unless it exited with 75.
expect_saved() {
  local code=0
  wait "$pid" || code=$?
  cat "$1"
  [ "$code" -eq 75 ] || { echo "FAIL: the signalled task exited with $code, expected 75"; exit 1; }
  [ ! -e parts/part-1.h5 ] || { echo "FAIL: a part file exists after the signal"; exit 1; }
}

# The time-limit warning: USR1 to the batch shell alone; the task requeues itself.
start_task task1.txt
kill -USR1 "$pid"
expect_saved task1.txt
[ "$(cat requeued.txt)" = "requeue 42_1" ] || { echo "FAIL: no requeue of 42_1"; exit 1; }

# scontrol requeue or preemption: SIGTERM to every process; Slurm requeues, not the task.
start_task task2.txt
grep -q "^resuming .* from parts/part-1.h5.checkpoint" task2.txt ||
  { echo "FAIL: the requeued task did not resume"; exit 1; }
kill -TERM -- -"$pid"
expect_saved task2.txt
[ "$(wc -l <requeued.txt)" -eq 1 ] || { echo "FAIL: a task stopped by Slurm requeued itself"; exit 1; }
grep -q "stopped by Slurm and saved" task2.txt || { echo "FAIL: no 'stopped by Slurm and saved'"; exit 1; }

task >task3.txt 2>&1 || { cat task3.txt; echo "FAIL: the requeued task failed"; exit 1; }
grep -q "^resuming " task3.txt || { echo "FAIL: the task run again did not resume"; exit 1; }
[ ! -e parts/part-1.h5.checkpoint ] || { echo "FAIL: the journal was left behind"; exit 1; }
/usr/bin/python3 "$compare" reference.h5 parts/part-1.h5

task >task4.txt 2>&1
grep -q "parts/part-1.h5 is complete" task4.txt || { echo "FAIL: a complete part was rerun"; exit 1; }
echo "slurm_array.sh: USR1 -> exit 75 and requeue; SIGTERM to all -> exit 75; resumed part identical; complete part kept"
