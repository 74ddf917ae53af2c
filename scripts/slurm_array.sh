#!/usr/bin/env bash
# A Slurm job array that splits one jisas-sim study over N nodes, then merges the parts.
# Submit:   sbatch --array=0-9 scripts/slurm_array.sh scenarios/sample_size.yaml runs/study
# Merge:    sbatch --dependency=afterok:<array job id> --wrap \
#             "build/jisas-sim merge runs/study/part-*.h5 -o runs/study.h5"
# Each task runs shard $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT with the cores
# Slurm gave it; the merged file is bit-identical to a single-machine run (docs/hpc.md).
#SBATCH --job-name=jisas-sim
#SBATCH --cpus-per-task=8
#SBATCH --time=02:00:00
set -euo pipefail
scenario=$1
outdir=$2
mkdir -p "$outdir"
k=${SLURM_ARRAY_TASK_ID:?run as a Slurm array job}
n=${SLURM_ARRAY_TASK_COUNT:?run as a Slurm array job}
exec build/jisas-sim run "$scenario" --shard "$k/$n" --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --quiet -o "$outdir/part-$k.h5"
