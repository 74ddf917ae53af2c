#!/usr/bin/env bash
# MPI (issue 6): `mpirun -n R jisas-sim run` equals the 1-process run dataset for dataset
# (2 and 3 ranks, one and two threads per rank, a shard too); an MPI run stopped by
# SIGTERM resumes, with or without MPI, to the same file; rank 0's errors end the job.
# Usage: mpi_checks.sh JISAS_SIM MPIEXEC SCENARIO WORK_DIR COHORTS
set -euo pipefail
exe=$1 mpiexec=$2 scenario=$3 work=$4 cohorts=$5
here=$(cd "$(dirname "$0")" && pwd)
compare="$here/../h5py/compare_datasets.py"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# Root in containers and CI; 3 ranks on 2 cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() { local ranks=$1; shift; "$mpiexec" --oversubscribe -n "$ranks" "$exe" "$@"; }
run() { "$exe" run "$scenario" --quiet --cohorts "$cohorts" "$@" >/dev/null; }

run -o single.h5
mpi 2 run "$scenario" --quiet --cohorts "$cohorts" --threads 1 -o two.h5 >/dev/null
/usr/bin/python3 "$compare" single.h5 two.h5
mpi 3 run "$scenario" --quiet --cohorts "$cohorts" --threads 2 -o three.h5 >/dev/null
/usr/bin/python3 "$compare" single.h5 three.h5
run -o shard.h5 --shard 1/2
mpi 2 run "$scenario" --quiet --cohorts "$cohorts" --threads 1 -o shard-mpi.h5 --shard 1/2 >/dev/null
/usr/bin/python3 "$compare" shard.h5 shard-mpi.h5

# Rank 0 refuses to overwrite: the whole job fails with rank 0's message.
code=0
mpi 2 run "$scenario" --quiet --cohorts "$cohorts" -o two.h5 >/dev/null 2>err.txt || code=$?
if [ "$code" -eq 0 ] || ! grep -q "two.h5: output file exists" err.txt; then
  echo "FAIL: an MPI run over an existing file: exit $code"; cat err.txt; exit 1
fi

# SIGTERM to rank 0 mid-run: checkpoint kept, no final file; resumed (by 2 ranks, then
# by one process after a second stop) to the same datasets.
stop_rank0() {
  mpi 2 run "$scenario" --quiet --cohorts "$cohorts" --threads 1 -o stopped.h5 "$@" \
    >/dev/null 2>err.txt &
  local job=$!
  local rank0="" start
  start=$(stat -c %s stopped.h5.checkpoint 2>/dev/null || echo 0)
  # Once the checkpoint grows, rank 0 is simulating and its handlers are installed.
  until [ -n "$rank0" ] && [ "$(stat -c %s stopped.h5.checkpoint 2>/dev/null || echo 0)" -gt "$start" ]; do
    rank0=$(pgrep -f -- "-o stopped.h5" | while read -r p; do
      if tr '\0' '\n' </proc/"$p"/environ 2>/dev/null | grep -qx OMPI_COMM_WORLD_RANK=0; then
        echo "$p"; fi; done | head -1)
    if ! kill -0 "$job" 2>/dev/null; then echo "FAIL: the MPI run ended early"; exit 1; fi
    sleep 0.01
  done
  kill -TERM "$rank0"
  wait "$job" || true
  if [ -e stopped.h5 ] || ! grep -q "interrupted by SIGTERM" err.txt; then
    echo "FAIL: an interrupted MPI run"; cat err.txt; exit 1
  fi
}
stop_rank0
stop_rank0 --resume
run -o stopped.h5 --resume
/usr/bin/python3 "$compare" single.h5 stopped.h5
echo "mpi checks: passed"
