#!/usr/bin/env bash
# A Slurm job array that splits one jisas-sim study over N nodes, then merges the parts.
# Submit:   sbatch --array=0-9 scripts/slurm_array.sh scenarios/sample_size.yaml runs/study
# Merge:    sbatch --dependency=afterok:<array job id> --wrap \
#             "build/jisas-sim merge runs/study/part-*.h5 -o runs/study.h5"
# Each task runs shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT with the cores
# Slurm gave it; the merged file is bit-identical to a single-machine run (docs/hpc.md).
# Preemption: Slurm sends SIGTERM 120 s before the end; jisas-sim saves its journal and
# exits with 75, and the task requeues itself and resumes from the journal.
#SBATCH --job-name=jisas-sim
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --signal=B:TERM@120
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

# The batch shell gets Slurm's SIGTERM (B:); pass it on and wait for the saved state.
"$jisas" run "$scenario" --shard "$k/$n" --threads "${SLURM_CPUS_PER_TASK:-1}" --quiet \
  -o "$out" "${resume[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
status=0
wait "$child" || status=$?
while kill -0 "$child" 2>/dev/null; do  # wait returns early when the trap runs
  status=0
  wait "$child" || status=$?
done
if [ "$status" -eq 75 ]; then
  echo "shard $k/$n interrupted and saved; requeueing"
  scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
fi
exit "$status"
