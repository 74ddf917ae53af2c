#!/usr/bin/env bash
# summary's smaller fixes (issue 16 item 8): grid values in the scenario's units, every
# section in --csv at full precision, --target-power. Usage: check_summary_sections.sh EXE SOURCE_DIR
set -euo pipefail
exe=$1 source=$2
sed 's/max_follow_up: 36mo/max_follow_up: [24mo, 36mo]/' "$source/scenarios/jisas.yaml" > sections.yaml
"$exe" run sections.yaml -o sections.h5 --cohorts 60 --force --quiet
fail() { echo "FAILED: $1"; exit 1; }
"$exe" summary sections.h5 > sections.txt
grep -Eq '^design.max_follow_up +24mo +36mo$' sections.txt || fail "durations in the scenario's units"
grep -q 'design.max_follow_up=36mo' sections.txt || fail "axis keys in the scenario's units"
"$exe" summary sections.h5 --csv > sections.csv
for section in '# tests' '# eligibility' '# smallest sample size on the grid with power >= 0.8' \
               '# closed-form sample size for power 0.8'; do
  grep -qx "$section" sections.csv || fail "--csv section '$section'"
done
# Full precision: the first row's mean relapse proportion has more than 4 decimals.
sed -n 2p sections.csv | cut -d, -f5 | grep -Eq '^0\.[0-9]{5,}$' || fail "--csv at full precision"
grep -q '"log-log normal approximation, S1 = ' sections.csv || fail "--csv quotes fields with commas"
"$exe" summary sections.h5 --target-power 0.6 | grep -q 'power >= 0.6:' || fail "--target-power"
"$exe" summary sections.h5 --target-power 0.6 | grep -q 'for power 0.6 (the test' || fail "--target-power closed forms"
if "$exe" summary sections.h5 --target-power 1.5 2> bad.txt; then fail "--target-power 1.5 accepted"; fi
# Closed forms at the model's truth with the test's sidedness: Schoenfeld at the hazard
# model's own ratio 0.5, two-sided 0.05, is 66 events ((1.96 + 0.8416)^2 * 4 / log(0.5)^2).
sed 's/sample_size: \[100, 203, 300, 400\]/sample_size: 203/' "$source/scenarios/two_arm.yaml" > sections_two_arm.yaml
"$exe" run sections_two_arm.yaml -o sections_two_arm.h5 --cohorts 20 --force --quiet
"$exe" summary sections_two_arm.h5 | grep -q "Schoenfeld, HR = 0.500 (the model's own, while on IFN), two-sided alpha 0.05: 66 events" \
  || fail "Schoenfeld at the model's hazard ratio, two-sided"
echo "summary sections: all checks passed"
