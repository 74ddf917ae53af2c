#!/usr/bin/env bash
# A Slurm job array that splits one jisas-sim study over N nodes, then merges the parts.
# Submit:   sbatch --array=0-9 scripts/slurm_array.sh scenarios/sample_size.yaml runs/study
# Merge:    sbatch --dependency=afterok:<array job id> --wrap \
#             "build/jisas-sim merge runs/study/part-*.h5 -o runs/study.h5"
# Each task runs shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT with the cores
# Slurm gave it; the merged file is bit-identical to a single-machine run (docs/hpc.md).
# Stopping early (docs/hpc.md): SIGTERM makes jisas-sim save its journal and exit with 75;
# a task that runs again resumes from the journal.
# - Time limit: Slurm sends USR1 to this batch shell alone 120 s before the end; it is
#   passed on to jisas-sim as SIGTERM, and the task requeues itself.
# - `scontrol requeue`, preemption, scancel: Slurm sends SIGTERM to every process of the
#   job, jisas-sim included, and requeues (or cancels) the task itself. The shell must not
#   pass its own SIGTERM on: a second signal makes jisas-sim give up at once, unsaved.
# The log is appended to, so a requeued task's log keeps its earlier attempts.
#SBATCH --job-name=jisas-sim
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --signal=B:USR1@120
#SBATCH --open-mode=append
set -uo pipefail
scenario=$1
outdir=$2
jisas=${JISAS_SIM:-build/jisas-sim}
mkdir -p "$outdir"
k=${SLURM_ARRAY_TASK_ID:?run as a Slurm array job}
n=${SLURM_ARRAY_TASK_COUNT:?run as a Slurm array job}
out="$outdir/part-$k.h5"

if [ -e "$out" ] && [ ! -e "$out.checkpoint" ]; then
  echo "$out is complete"  # a requeued task whose shard had finished
  exit 0
fi
resume=()
[ -e "$out.checkpoint" ] && resume=(--resume)

child="" warned=0
trap 'warned=1; kill -TERM "$child" 2>/dev/null' USR1  # the time-limit warning (B:USR1)
trap ':' TERM INT  # sent to jisas-sim too: only keep waiting for it to save
# Not --quiet: the log gets "resuming ... from" on a resume and a progress line every 30 s.
"$jisas" run "$scenario" --shard "$k/$n" --threads "${SLURM_CPUS_PER_TASK:-1}" \
  -o "$out" "${resume[@]}" &
child=$!
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do  # wait returns early when the trap runs
  status=0
  wait "$child" || status=$?
done
if [ "$status" -eq 75 ] && [ "$warned" -eq 1 ]; then
  echo "shard $k/$n interrupted before the time limit and saved; requeueing"
  scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
elif [ "$status" -eq 75 ]; then
  echo "shard $k/$n stopped by Slurm and saved"  # Slurm requeues it, or it was cancelled
fi
exit "$status"
