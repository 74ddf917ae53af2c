#!/usr/bin/env bash
# Checkpoint and resume (issue 6): a run stopped by SIGTERM, SIGINT or SIGKILL at random
# points, then resumed (each time with another thread count, sometimes stopped again
# while resuming), ends with datasets bit-identical to the uninterrupted run; no final
# file exists before the end; bad checkpoints get one clear line.
# Usage: checkpoint_checks.sh JISAS_SIM SCENARIO WORK_DIR COHORTS [KILL_POINTS]
# Kill points are checkpoint sizes drawn at random (the draw is printed, and RANDOM_SEED
# in the environment repeats it) below a third of the expected final size, so every kill
# lands mid-run however fast the machine.
set -euo pipefail
exe=$1 scenario=$2 work=$3 cohorts=$4 points=${5:-5}
here=$(cd "$(dirname "$0")" && pwd)
expect="$here/../cli/expect_error.sh"
compare="$here/../h5py/compare_datasets.py"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
RANDOM=${RANDOM_SEED:-$$}
echo "kill points drawn with RANDOM_SEED=${RANDOM_SEED:-$$}"
run() { "$exe" run "$scenario" --quiet --cohorts "$cohorts" "$@"; }

run -o reference.h5 >/dev/null
bytes_per_cohort=500  # about sizeof(CohortResult) plus framing (checkpoint.h)
reach=$((cohorts * bytes_per_cohort / 3))

size_of() { stat -c %s "$1" 2>/dev/null || echo 0; }

# Starts (or resumes) a run, sends SIGNAL once the checkpoint holds TARGET bytes, and
# checks the exit code, that no final file exists and that nothing written was lost.
stop_at() {
  local signal=$1 target=$2 expected=$3 threads=$4
  shift 4
  # Not through run(): the signal must reach jisas-sim, not a subshell.
  "$exe" run "$scenario" --quiet --cohorts "$cohorts" -o out.h5 --threads "$threads" "$@" \
    >/dev/null 2>stderr.txt &
  local pid=$!
  # SIGTERM and SIGINT wait until the run appends (its handlers are then installed; a
  # signal before that ends the process by default, which loses nothing but is not what
  # is tested here); SIGKILL may land anywhere, during the replay of a resume included.
  local start=-1
  if [ "$signal" != KILL ]; then start=$(size_of out.h5.checkpoint); fi
  until [ "$(size_of out.h5.checkpoint)" -ge "$target" ] &&
    [ "$(size_of out.h5.checkpoint)" -gt "$start" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "FAIL: the run ended before the kill point ($target bytes)"; cat stderr.txt; exit 1
    fi
    sleep 0.005
  done
  local before
  before=$(size_of out.h5.checkpoint)
  kill "-$signal" "$pid"
  local code=0
  wait "$pid" || code=$?
  if [ "$code" -ne "$expected" ]; then
    echo "FAIL: SIG$signal at $target bytes: exit code $code, expected $expected"; cat stderr.txt
    exit 1
  fi
  if [ -e out.h5 ]; then echo "FAIL: a final file exists after SIG$signal"; exit 1; fi
  if [ "$(size_of out.h5.checkpoint)" -lt "$before" ]; then
    echo "FAIL: the checkpoint shrank after SIG$signal"; exit 1
  fi
  echo "SIG$signal at >= $target bytes: exit $code, checkpoint $(size_of out.h5.checkpoint) bytes"
}

finish_and_compare() {
  run -o out.h5 --resume --threads 2 >/dev/null
  /usr/bin/python3 "$compare" reference.h5 out.h5
  if [ -e out.h5.checkpoint ]; then echo "FAIL: checkpoint left after the run"; exit 1; fi
  rm -f out.h5
}

# Increasing random kill points within one chain of resumes.
kill_chain() {
  local signal=$1 expected=$2
  local -a targets=()
  for ((i = 0; i < points; i++)); do targets+=($((RANDOM * 32768 + RANDOM))); done
  mapfile -t targets < <(for t in "${targets[@]}"; do echo $((t % reach + 1)); done | sort -n)
  local resume=()
  for ((i = 0; i < points; i++)); do
    stop_at "$signal" "${targets[i]}" "$expected" $((i % 2 + 1)) "${resume[@]}"
    resume=(--resume)
  done
  finish_and_compare
}

kill_chain TERM 75
kill_chain KILL 137
stop_at INT 1 75 2
finish_and_compare

# Bad checkpoints and misuse: one line, exit 2, never a final file.
no_final() { EXPECT_ABSENT=out.h5 "$expect" "$@"; }
no_final 2 "out\\.h5\\.checkpoint: no checkpoint to resume" "$exe" run "$scenario" -o out.h5 --resume
stop_at TERM $((reach / 2)) 75 1  # several records (the first holds the patient rows)
no_final 2 "out\\.h5\\.checkpoint: checkpoint of an unfinished run \\(continue it with --resume" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5
no_final 2 "checkpoint of a different run: seed is '[0-9]+' there, '7' here" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume --seed 7
no_final 2 "checkpoint of a different run: cohorts is '$cohorts' there, '99' here" \
  "$exe" run "$scenario" --cohorts 99 -o out.h5 --resume
no_final 2 "checkpoint of a different run: --set is '' there, '--set 'name=renamed'' here" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume --set name=renamed
cp out.h5.checkpoint good.checkpoint
head -c 40 good.checkpoint >out.h5.checkpoint
no_final 2 "out\\.h5\\.checkpoint: not a usable jisas-sim checkpoint \\(truncated header\\)" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume
cp reference.h5 out.h5.checkpoint
no_final 2 "out\\.h5\\.checkpoint: not a usable jisas-sim checkpoint \\(wrong magic number\\)" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume
# A damaged byte inside a record that is followed by others: refused, not skipped.
cp good.checkpoint out.h5.checkpoint
# (awk reads every match: `| head -1` could end before grep and fail the pipe under
# pipefail, which stopped this script without a message in one CI run)
header=$(grep -abo JISASBLK good.checkpoint | awk -F: 'NR == 1 {print $1}')
printf '\xff' | dd of=out.h5.checkpoint bs=1 seek=$((header + 100)) conv=notrunc status=none
no_final 2 "out\\.h5\\.checkpoint: damaged checkpoint \\(bad checksum at byte $header\\)" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume
# A damaged size field in a record that is followed by others (issue 17: it was taken for
# a torn tail and the saved work after it silently cut off): refused, naming the byte.
cp good.checkpoint out.h5.checkpoint
printf '\x01' | dd of=out.h5.checkpoint bs=1 seek=$((header + 23)) conv=notrunc status=none
no_final 2 "out\\.h5\\.checkpoint: damaged checkpoint \\(record longer than the file at byte $header\\)" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume
# Bytes that are not a record and not zeros after the last record: refused too.
cp good.checkpoint out.h5.checkpoint
printf 'garbage' >>out.h5.checkpoint  # shorter than a record header
end=$(($(stat -c %s good.checkpoint)))
no_final 2 "out\\.h5\\.checkpoint: damaged checkpoint \\(no record at byte $end\\)" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume
cp good.checkpoint out.h5.checkpoint
for _ in 1 2 3 4 5 6 7 8; do printf 'garbage!' >>out.h5.checkpoint; done  # longer than one
no_final 2 "out\\.h5\\.checkpoint: damaged checkpoint \\(no record at byte $end\\)" \
  "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --resume
# A torn last record (cut anywhere) is discarded and the run still comes out exact.
cp good.checkpoint out.h5.checkpoint
truncate -s -7 out.h5.checkpoint
finish_and_compare
# A zero-filled tail, what a node crash can leave (the size reached the disk, the data not):
# after the last record, and over the last record's own end; both discarded, still exact.
cp good.checkpoint out.h5.checkpoint
head -c 8192 /dev/zero >>out.h5.checkpoint
finish_and_compare
cp good.checkpoint out.h5.checkpoint
dd if=/dev/zero of=out.h5.checkpoint bs=1 seek=$((end - 100)) count=4196 conv=notrunc status=none
finish_and_compare
# With --force a fresh run replaces the checkpoint.
stop_at TERM 1 75 2
run -o out.h5 --force >/dev/null
/usr/bin/python3 "$compare" reference.h5 out.h5
echo "checkpoint checks: passed"
