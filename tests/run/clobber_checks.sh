#!/usr/bin/env bash
# Outputs that cannot be clobbered (issue 17), with real concurrent processes:
#  - a second run on an output still being written, with --force, --resume or neither, and a
#    merge into it, are refused with one line and exit 2; the first run ends normally and
#    its result equals a run alone;
#  - a file that appears at the output path during a run is not replaced (exit 2) and the
#    journal keeps the work: --resume --force then writes the run's result;
#  - only jisas-sim's marked temporaries are removed as stale, never a user's OUT.h5.tmp-*;
#  - output paths that are the user's mistake (a 5,000-character name, a symlink loop, a
#    directory with --force) are one line and exit 2 before any simulation;
#  - a full disk (RLIMIT_FSIZE; a 1 MB tmpfs where mounting is permitted) during the HDF5
#    write or the journal: one line naming the file and "no space left on device", exit 2,
#    no output and no temporary file;
#  - standard output on a full device (/dev/full): one line, exit 2;
#  - numeric options at their bounds are recorded exactly.
# Usage: clobber_checks.sh JISAS_SIM SCENARIO WORK_DIR COHORTS
set -euo pipefail
exe=$1 scenario=$2 work=$3 cohorts=$4
here=$(cd "$(dirname "$0")" && pwd)
expect="$here/../cli/expect_error.sh"
compare="$here/../h5py/compare_datasets.py"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*"; exit 1; }
run() { "$exe" run "$scenario" --quiet --cohorts "$cohorts" "$@"; }
small() { "$exe" run "$scenario" --quiet --cohorts 64 "$@"; }
no_temporaries() {  # the marked temporaries, the lock and the old-style names of OUT
  if compgen -G ".$1.jisas-*" >/dev/null || compgen -G "$1.tmp-*" >/dev/null; then
    ls -a; fail "temporary or lock files of $1 left behind"
  fi
}

run -o reference.h5 >/dev/null

# Starts a run on out.h5 in the background (pid in $first) and waits until its journal
# holds a block, so it is mid-run; $cohorts must keep it running for some seconds.
start_first() {
  "$exe" run "$scenario" --quiet --cohorts "$cohorts" -o out.h5 --threads 1 "$@" \
    >first.out 2>first.err &
  first=$!
  until grep -qa JISASBLK out.h5.checkpoint 2>/dev/null; do
    kill -0 "$first" 2>/dev/null || { cat first.err; fail "the first run ended early"; }
    sleep 0.01
  done
}
end_first() {  # EXPECTED_CODE
  local code=0
  wait "$first" || code=$?
  [ "$code" -eq "$1" ] || { cat first.err; fail "the first run exited $code, expected $1"; }
}

echo "== a second run or merge on an output being written is refused; the first goes on"
small -o part.h5 --shard 0/1 >/dev/null
start_first
busy="^jisas-sim: error: out\\.h5 is being written by another jisas-sim run \\(pid $first on "
"$expect" 2 "$busy" "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --quiet --force
"$expect" 2 "$busy" "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --quiet --resume
"$expect" 2 "$busy" "$exe" run "$scenario" --cohorts "$cohorts" -o out.h5 --quiet
"$expect" 2 "$busy" "$exe" merge part.h5 -o out.h5 --force
kill -0 "$first" 2>/dev/null || fail "the first run ended before the refusals were checked"
end_first 0
/usr/bin/python3 "$compare" reference.h5 out.h5
no_temporaries out.h5
[ ! -e out.h5.checkpoint ] || fail "journal left after the run"

echo "== a file that appears during the run is not replaced; the journal keeps the work"
rm -f out.h5
start_first
echo "the user's own file" >out.h5
end_first 2
[ "$(wc -l <first.err)" -eq 1 ] || { cat first.err; fail "expected one error line"; }
grep -Eq "^jisas-sim: error: out\\.h5: a file of that name appeared during the run and was not replaced \\(the run is saved in out\\.h5\\.checkpoint: replace it with --resume --force\\)$" first.err ||
  { cat first.err; fail "unexpected message"; }
[ "$(cat out.h5)" = "the user's own file" ] || fail "the user's file was replaced"
no_temporaries out.h5
run -o out.h5 --resume --force >/dev/null
/usr/bin/python3 "$compare" reference.h5 out.h5

echo "== stale temporaries: only jisas-sim's marked ones are removed"
touch out.h5.tmp-keep out.h5.tmp-12345 out.h5.checkpoint.tmp-1 \
  .out.h5.jisas-tmp.999999999.deadbeef .out.h5.checkpoint.jisas-tmp.999999999.0
small -o out.h5 --force >/dev/null
for f in out.h5.tmp-keep out.h5.tmp-12345 out.h5.checkpoint.tmp-1; do
  [ -e "$f" ] || fail "the user's file $f was deleted"
done
rm -f out.h5.tmp-keep out.h5.tmp-12345 out.h5.checkpoint.tmp-1
no_temporaries out.h5

echo "== output paths that are the user's mistake: one line, exit 2, before simulating"
huge=2000000000  # cohorts that would take days: the check must come first
long=$(printf 'x%.0s' $(seq 5000)).h5
timeout 60 "$expect" 2 "^jisas-sim: error: x{80}\\.\\.\\.x{37}\\.h5 \\(5003 characters\\): cannot create output file: File name too long$" \
  "$exe" run "$scenario" --quiet --cohorts $huge -o "$long"
ln -s loop loop
timeout 60 "$expect" 2 "^jisas-sim: error: loop/out\\.h5: cannot create output file: Too many levels of symbolic links$" \
  "$exe" run "$scenario" --quiet --cohorts $huge -o loop/out.h5
ln -s self.h5 self.h5
timeout 60 "$expect" 2 "^jisas-sim: error: self\\.h5: cannot write output file: Too many levels of symbolic links$" \
  "$exe" run "$scenario" --quiet --cohorts $huge -o self.h5 --force
mkdir dir.h5
timeout 60 "$expect" 2 "^jisas-sim: error: dir\\.h5: is a directory \\(name a file to write\\)$" \
  "$exe" run "$scenario" --quiet --cohorts $huge -o dir.h5 --force
no_temporaries dir.h5
no_temporaries self.h5

echo "== a full disk: one line naming the file, exit 2, nothing half-written left"
space="no space left on device"
"$exe" run "$scenario" --quiet --cohorts "$((cohorts / 4))" -o big.h5 --shard 0/1 >/dev/null
# 200 KiB per file; SIGXFSZ ignored, so write(2) fails with EFBIG instead of killing.
limited=(bash -c 'trap "" XFSZ && ulimit -f 200 && exec "$@"' limited)
# merge writes no journal: the HDF5 write itself meets the limit.
EXPECT_ABSENT=full.h5 "$expect" 2 "^jisas-sim: error: full\\.h5: cannot write the result file: $space \\(File too large\\)$" \
  "${limited[@]}" "$exe" merge big.h5 -o full.h5
no_temporaries full.h5
EXPECT_ABSENT=full.h5 "$expect" 2 "full\\.h5(\\.checkpoint)?: cannot write.*: $space \\(File too large\\)$" \
  "${limited[@]}" "$exe" run "$scenario" --quiet --cohorts "$cohorts" -o full.h5
no_temporaries full.h5
rm -f full.h5.checkpoint
mkdir small
if mount -t tmpfs -o size=1m tmpfs small 2>/dev/null; then
  trap 'umount "$work/small" 2>/dev/null || true' EXIT
  EXPECT_ABSENT=small/full.h5 "$expect" 2 "small/\\.?full\\.h5.*: cannot write.*: $space$" \
    "$exe" run "$scenario" --quiet --cohorts "$cohorts" -o small/full.h5
  no_temporaries small/full.h5
  umount small
  trap - EXIT
else
  echo "(tmpfs not mountable here: the ENOSPC variant is skipped)"
fi

echo "== standard output on a full device"
for command in "summary reference.h5" "validate $scenario" "run $scenario --quiet --cohorts 64 -o dev_full.h5"; do
  code=0
  # shellcheck disable=SC2086  # the command's words
  "$exe" $command >/dev/full 2>err.txt || code=$?
  [ "$code" -eq 2 ] && [ "$(wc -l <err.txt)" -eq 1 ] &&
    grep -q "^jisas-sim: error: cannot write to standard output: No space left on device$" err.txt ||
    { cat err.txt; fail "$command >/dev/full: exit $code"; }
done

echo "== numeric options at their bounds are recorded exactly"
small -o bounds.h5 --seed 18446744073709551615 >/dev/null
/usr/bin/python3 - <<'PY'
import h5py
with h5py.File("bounds.h5") as f:
    assert int(f.attrs["seed"][0]) == 2**64 - 1, f.attrs["seed"]
    assert int(f.attrs["cohorts_per_point"][0]) == 64, f.attrs["cohorts_per_point"]
PY
echo "clobber checks: passed"
