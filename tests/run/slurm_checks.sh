#!/usr/bin/env bash
# scripts/slurm_array.sh without Slurm: the array variables are set by hand and a fake
# `scontrol` records the requeue. A task sent SIGTERM (as Slurm's --signal=B:TERM does)
# saves its journal, exits 75 and requeues itself; the requeued task resumes and its part
# equals the uninterrupted shard bit for bit; a task whose part is complete does nothing.
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

# Not through task(): the signal must reach the batch script's shell, as with Slurm.
bash "$root/scripts/slurm_array.sh" study.yaml parts >task1.txt 2>&1 &
pid=$!
until [ "$(stat -c %s parts/part-1.h5.checkpoint 2>/dev/null || echo 0)" -gt 100000 ]; do
  kill -0 "$pid" 2>/dev/null || { echo "FAIL: the task ended before it was signalled"; exit 1; }
  sleep 0.01
done
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
cat task1.txt
[ "$code" -eq 75 ] || { echo "FAIL: the signalled task exited with $code, expected 75"; exit 1; }
[ "$(cat requeued.txt)" = "requeue 42_1" ] || { echo "FAIL: no requeue of 42_1"; exit 1; }
[ ! -e parts/part-1.h5 ] || { echo "FAIL: a part file exists after SIGTERM"; exit 1; }

task >task2.txt 2>&1 || { cat task2.txt; echo "FAIL: the requeued task failed"; exit 1; }
[ ! -e parts/part-1.h5.checkpoint ] || { echo "FAIL: the journal was left behind"; exit 1; }
/usr/bin/python3 "$compare" reference.h5 parts/part-1.h5

task >task3.txt 2>&1
grep -q "parts/part-1.h5 is complete" task3.txt || { echo "FAIL: a complete part was rerun"; exit 1; }
echo "slurm_array.sh: SIGTERM -> exit 75 and requeue; resumed part identical; complete part kept"
