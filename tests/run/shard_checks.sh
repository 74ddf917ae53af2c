#!/usr/bin/env bash
# Shards (issue 6): N shards merged equal the single run, dataset for dataset; merging
# an incomplete, overlapping or mismatched set of parts is refused with one clear line
# and leaves no output. Usage: shard_checks.sh JISAS_SIM SCENARIO WORK_DIR COHORTS
set -euo pipefail
exe=$1 scenario=$2 work=$3 cohorts=$4
here=$(cd "$(dirname "$0")" && pwd)
expect="$here/../cli/expect_error.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
run() { "$exe" run "$scenario" --quiet --cohorts "$cohorts" "$@" >/dev/null; }

run -o single.h5
for k in 0 1 2; do run -o "part-$k.h5" --shard "$k/3" --threads $((k % 2 + 1)); done
"$exe" merge part-2.h5 part-0.h5 part-1.h5 -o merged.h5 >/dev/null
/usr/bin/python3 "$here/../h5py/compare_datasets.py" single.h5 merged.h5

run -o other-seed.h5 --shard 2/3 --seed 7
EXPECT_ABSENT=bad.h5 "$expect" 2 "shard 2/3 is missing" "$exe" merge part-0.h5 part-1.h5 -o bad.h5
EXPECT_ABSENT=bad.h5 "$expect" 2 "part-1\\.h5: shard 1/3 given twice" "$exe" merge part-0.h5 part-1.h5 part-1.h5 -o bad.h5
EXPECT_ABSENT=bad.h5 "$expect" 2 "other-seed\\.h5: not from the same run" "$exe" merge part-0.h5 part-1.h5 other-seed.h5 -o bad.h5
EXPECT_ABSENT=bad.h5 "$expect" 2 "single\\.h5: not a shard" "$exe" merge single.h5 -o bad.h5
head -c 3000 part-1.h5 >truncated.h5
EXPECT_ABSENT=bad.h5 "$expect" 2 "truncated\\.h5: not a jisas-sim result file" "$exe" merge part-0.h5 truncated.h5 part-2.h5 -o bad.h5
"$expect" 2 "option --shard: expected k/N with 0 <= k < N <= 2147483647 \\(got '3/3'\\)" "$exe" run "$scenario" --shard 3/3 -o bad.h5
echo "shard checks: 1 passed, 0 failed"
