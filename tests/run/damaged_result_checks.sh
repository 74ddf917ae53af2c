#!/usr/bin/env bash
# Damaged result files and shards (issue 17): copies damaged one way each with h5py
# (tests/h5py/damage_result.py) are refused by summary, merge, plot and report with one
# line naming the file and what is wrong, exit code 2, and nothing written.
# Usage: damaged_result_checks.sh JISAS_SIM SOURCE_DIR WORK_DIR
set -euo pipefail
exe=$1 src=$2 work=$3
expect="$src/tests/cli/expect_error.sh"
damage() { /usr/bin/python3 "$src/tests/h5py/damage_result.py" "$@"; }
rm -rf "$work" && mkdir -p "$work" && cd "$work"
run() { "$exe" run "$src/scenarios/jisas.yaml" --quiet --cohorts 20 "$@" >/dev/null; }
run -o good.h5
run -o part-0.h5 --shard 0/2
run -o part-1.h5 --shard 1/2
failed=0
check() { "$@" || failed=$((failed + 1)); }

# summary CASE MESSAGE: the damaged copy of good.h5 is refused with this message.
summary() {
  damage good.h5 "$1.h5" "$1" 2>/dev/null
  check "$expect" 2 "^jisas-sim: error: $1\\.h5: $2\$" "$exe" summary "$1.h5"
}
# merge CASE MESSAGE: the damaged copy of shard 0, merged with shard 1, is refused.
merge() {
  damage part-0.h5 "$1-part.h5" "$1" 2>/dev/null
  EXPECT_ABSENT=merged.h5 check "$expect" 2 "^jisas-sim: error: $1-part\\.h5: $2\$" \
    "$exe" merge "$1-part.h5" part-1.h5 -o merged.h5
}

summary short_alphas "attribute test_alphas has 1 entries for 2 tests"
summary long_landmark_days "attribute landmark_days has 4 entries for 3 landmarks"
summary summary_member "/summary lacks member 'power'"
summary summary_member_type "/summary member 'power' is integer\\[8\\], expected floating-point\\[8\\]"
summary cohorts_slots "/cohorts member 'km' has 8 slots, format 1\\.7 with 3 landmarks stores 3"
summary cohorts_per_point_float "attribute cohorts_per_point is floating-point, expected integer"
summary summary_rows "/summary has 2 rows for 1 design points"
summary histogram_shape "/summary_histograms/km is 1 x 1 x 20, expected 1 x 3 x 20"
summary alpha_above_one "attribute test_alphas entry 1 is 1.5, expected a level in \\(0, 1\\)"
summary truth_hazard_ratio_zero \
  "damaged result file \\(/truth hazard_ratio of design point 0: 0 is not a positive ratio\\)"
merge text_shard "attribute shard is text, expected integer"
merge zero_shard "attribute shard is \\[0, 0\\], expected \\[k, N\\] with 0 <= k < N"
merge shard_k_past_n "attribute shard is \\[2, 2\\], expected \\[k, N\\] with 0 <= k < N"
merge cohorts_member "/cohorts lacks member 'p_value'"
merge summary_member "/summary lacks member 'power'"
merge short_alphas "attribute test_alphas has 1 entries for 2 tests"
# A shard alone whose shard attribute is [0, 0] (merge divided by zero).
EXPECT_ABSENT=merged.h5 check "$expect" 2 "zero_shard-part\\.h5: attribute shard is \\[0, 0\\]" \
  "$exe" merge zero_shard-part.h5 -o merged.h5
# A truncated file: HDF5's own error, as one line.
head -c 30000 good.h5 >truncated.h5
check "$expect" 2 "^jisas-sim: error: truncated\\.h5: (not a jisas-sim result file|damaged result file)" \
  "$exe" summary truncated.h5
# plot and report check the file before their script runs: no figures, no page.
EXPECT_ABSENT=figures check "$expect" 2 "^jisas-sim: error: short_alphas\\.h5: attribute test_alphas" \
  "$exe" plot short_alphas.h5 -o figures
EXPECT_ABSENT=report.html check "$expect" 2 "^jisas-sim: error: summary_member\\.h5: /summary lacks" \
  "$exe" report summary_member.h5 -o report.html
echo "damaged result checks: $failed failed"
exit $((failed > 0))
