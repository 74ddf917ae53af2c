#!/usr/bin/env bash
# End-to-end checks of `jisas-sim run` on one scenario (issue 3's "done when"):
# 1 vs 2 threads give bit-identical datasets; a shorter run's cohorts are a prefix of a
# longer run's; the file reads back with h5py; `summary` reads it; an existing output is
# refused without --force and left untouched, replaced with it.
# Usage: run_checks.sh JISAS_SIM SCENARIO WORK_DIR COHORTS
set -euo pipefail
exe=$1 scenario=$2 work=$3 cohorts=$4
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
run() { "$exe" run "$scenario" --quiet "$@" >/dev/null; }

run -o one.h5 --threads 1 --cohorts "$cohorts"
run -o two.h5 --threads 2 --cohorts "$cohorts"
$py "$here/../h5py/compare_datasets.py" one.h5 two.h5

run -o short.h5 --threads 2 --cohorts 7
$py "$here/check_prefix.py" short.h5 one.h5

$py "$here/../h5py/read_result.py" one.h5
"$exe" summary one.h5 >/dev/null
"$exe" summary one.h5 --csv | head -1 | grep -q '^design_point,cohorts,sample_size'

before=$(sha256sum one.h5)
if run -o one.h5 --cohorts 3 2>err.txt; then echo "FAILED: overwrote without --force"; exit 1; fi
grep -q "output file exists (use --force" err.txt
[ "$(sha256sum one.h5)" = "$before" ] || { echo "FAILED: existing file changed"; exit 1; }
run -o one.h5 --cohorts 3 --force
[ "$(sha256sum one.h5)" != "$before" ] || { echo "FAILED: --force did not replace"; exit 1; }
if compgen -G "./*.tmp-*" >/dev/null || compgen -G "./.*.jisas-*" >/dev/null; then
  echo "FAILED: temporary or lock files left"; exit 1
fi
# A bad or truncated file given to `summary` is a clear one-line error, exit code 2.
expect="$here/../cli/expect_error.sh"
head -c 5000 two.h5 >truncated.h5
echo "not hdf5" >text.h5
"$expect" 2 "truncated\.h5: (not a jisas-sim result file|corrupt)" "$exe" summary truncated.h5
"$expect" 2 "text\.h5: not a jisas-sim result file" "$exe" summary text.h5
"$expect" 2 "missing\.h5: cannot open file" "$exe" summary missing.h5
echo "run checks: 1 passed, 0 failed"
