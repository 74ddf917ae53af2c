#!/usr/bin/env bash
# `jisas-sim calibrate` on the shipped EURO-SKI candidates with a small pool: the fit is
# the same for 1 and 2 threads, lists every candidate, picks the smallest distance, and
# bad input (an existing output, a target outside its own interval, a scenario without
# grid axes) is refused with one line naming the file and key.
# Usage: calibrate_checks.sh JISAS_SIM SOURCE_DIR WORK_DIR
set -euo pipefail
exe=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
grid="$src/scenarios/calibration/euroski_grid.yaml"
cp "$grid" grid.yaml
cat > targets.yaml <<YAML
schema_version: 1
scenario: grid.yaml
patients: 400
targets:
  - {at: 6mo, rate: 0.61, lower: 0.57, upper: 0.64, source: "Saussele 2018"}
  - {at: 24mo, rate: 0.50, lower: 0.46, upper: 0.54, source: "Saussele 2018"}
output: fit.yaml
YAML
fail() { echo "calibrate_checks: $*" >&2; exit 1; }

"$exe" calibrate targets.yaml --threads 1 > log1.txt
"$exe" calibrate targets.yaml --threads 2 -o fit2.yaml > log2.txt
# The first line names the command and version; everything else must match.
diff <(tail -n +2 fit.yaml) <(tail -n +2 fit2.yaml) || fail "1 and 2 threads differ"
[ "$(grep -c 'distance: ' fit.yaml)" -eq 7 ] || fail "expected 6 candidates and the best"
/usr/bin/python3 - fit.yaml <<'PY' || fail "the best is not the smallest distance"
import re, sys
text = open(sys.argv[1]).read()
best = float(re.search(r"^distance: ([0-9.]+)", text, re.M).group(1))
others = [float(x) for x in re.findall(r", distance: ([0-9.]+), simulated", text)]
assert len(others) == 6 and abs(min(others) - best) < 1e-9, (best, others)
PY

expect_error() {  # expected message fragment, then the command
  local want=$1; shift
  if "$@" > out.txt 2> err.txt; then fail "accepted: $*"; fi
  status=$?
  grep -qF "$want" err.txt || fail "expected '$want', got: $(cat err.txt)"
  [ "$(wc -l < err.txt)" -eq 1 ] || fail "expected one error line: $(cat err.txt)"
}
expect_error "fit.yaml: output file exists (use --force to replace it)" \
  "$exe" calibrate targets.yaml
# Outputs that cannot be clobbered (issue 17), as for run: while a fit holds race.yaml's
# lock a second calibrate on it is refused, --force or not; a file that appears at the
# output path during the fit is left as it is (the fit exits 2, one line); a user's
# race.yaml.partial is never touched; no lock or marked temporary is left behind.
sed 's/^patients: 400/patients: 20000/' targets.yaml > long.yaml
echo "mine" > race.yaml.partial
"$exe" calibrate long.yaml -o race.yaml --threads 1 > race_log.txt 2> race_err.txt &
fit=$!
until [ -e .race.yaml.jisas-lock ]; do
  kill -0 "$fit" 2>/dev/null || fail "the fit ended before it took its lock"
  sleep 0.01
done
expect_error "race.yaml is being written by another jisas-sim run" \
  "$exe" calibrate targets.yaml -o race.yaml --force
kill -0 "$fit" 2>/dev/null || fail "the fit ended too soon to test a file appearing"
echo "the user's own race.yaml" > race.yaml
if wait "$fit"; then fail "the fit replaced a file that appeared during it"; fi
[ "$(cat race.yaml)" = "the user's own race.yaml" ] || fail "race.yaml was clobbered"
[ "$(wc -l < race_err.txt)" -eq 1 ] || fail "expected one error line: $(cat race_err.txt)"
[ "$(cat race.yaml.partial)" = "mine" ] || fail "the user's race.yaml.partial was touched"
ls -a | grep -q "jisas-tmp\|jisas-lock" && fail "a lock or temporary left behind: $(ls -a)"

sed 's/rate: 0.61, lower: 0.57/rate: 0.51, lower: 0.57/' targets.yaml > outside.yaml
expect_error "outside.yaml:5:21: targets[0].rate: must lie in its 95% CI [0.57, 0.64]" "$exe" calibrate outside.yaml -o other.yaml
sed -e 's/A: \[1.5, 3, 6\]/A: 3/' -e 's/C: \[7, 14\]/C: 7/' grid.yaml > flat.yaml
sed 's/scenario: grid.yaml/scenario: flat.yaml/' targets.yaml > flat_targets.yaml
expect_error "flat_targets.yaml:2:11: scenario: the scenario has no grid axes" \
  "$exe" calibrate flat_targets.yaml -o other.yaml
sed 's/{at: 6mo, rate/{at: 6mo, arm: control, rate/' targets.yaml > unrandomized.yaml
expect_error "unrandomized.yaml:5:20: targets[0].arm: needs a randomized scenario" \
  "$exe" calibrate unrandomized.yaml -o other.yaml
[ ! -e other.yaml ] || fail "a refused calibration left an output file"

# Per-arm targets on the shipped ENDURE candidates (randomized): the arm's KM, named in
# the output; a misspelt arm is refused.
cp "$src/scenarios/calibration/endure_grid.yaml" endure_grid.yaml
cat > endure.yaml <<YAML
schema_version: 1
scenario: endure_grid.yaml
patients: 400
targets:
  - {at: 6mo, arm: control, rate: 0.67, lower: 0.57, upper: 0.75, source: "ENDURE"}
  - {at: 6mo, arm: experimental, rate: 0.73, lower: 0.62, upper: 0.81, source: "ENDURE"}
output: endure_fit.yaml
YAML
"$exe" calibrate endure.yaml > log3.txt
grep -q "^  - {at: 6mo, arm: control, published: 0.67" endure_fit.yaml || fail "no control-arm target"
grep -q "^  - {at: 6mo, arm: experimental, published: 0.73" endure_fit.yaml ||
  fail "no experimental-arm target"
sed 's/arm: experimental/arm: ifn/' endure.yaml > bad_arm.yaml
expect_error "bad_arm.yaml:6:20: targets[1].arm: expected control or experimental, got 'ifn'" \
  "$exe" calibrate bad_arm.yaml -o other.yaml
[ ! -e other.yaml ] || fail "a refused calibration left an output file"

# A joint calibration (issue 19): one candidate for every trial, its distance the sum of
# the trials' distances. The second trial is EURO-SKI with monthly visits, given by a
# `set` override in the joint file and by an edited copy of the grid for its one-trial
# fit; each candidate's joint distance must equal the sum of the two one-trial fits.
sed 's/visits: {schedule: .*/visits: {every: 1mo}/' grid.yaml > monthly.yaml
grep -q "visits: {every: 1mo}" monthly.yaml || fail "monthly.yaml was not edited"
sed -e 's/scenario: grid.yaml/scenario: monthly.yaml/' -e 's/^output: fit.yaml/output: monthly_fit.yaml/' \
  targets.yaml > monthly_targets.yaml
"$exe" calibrate monthly_targets.yaml > log4.txt
cat > joint.yaml <<YAML
schema_version: 1
patients: 400
trials:
  - name: "EURO-SKI"
    scenario: grid.yaml
    targets:
      - {at: 6mo, rate: 0.61, lower: 0.57, upper: 0.64, source: "Saussele 2018"}
      - {at: 24mo, rate: 0.50, lower: 0.46, upper: 0.54, source: "Saussele 2018"}
  - name: "EURO-SKI, monthly visits"
    scenario: grid.yaml
    set: ["protocol.visits={every: 1mo}"]
    targets:
      - {at: 6mo, rate: 0.61, lower: 0.57, upper: 0.64, source: "Saussele 2018"}
      - {at: 24mo, rate: 0.50, lower: 0.46, upper: 0.54, source: "Saussele 2018"}
output: joint_fit.yaml
YAML
"$exe" calibrate joint.yaml > log5.txt
/usr/bin/python3 - fit.yaml monthly_fit.yaml joint_fit.yaml <<'PY' || fail "joint distances are not the sums"
import re, sys
def candidates(path):
    rows = re.findall(r"^  - \{(.*), distance: ([0-9.]+), simulated: \[(.*)\]\}$", open(path).read(), re.M)
    return [(values, float(d), [float(x) for x in s.split(", ")]) for values, d, s in rows]
one, two, joint = (candidates(p) for p in sys.argv[1:])
assert len(one) == len(two) == len(joint) == 6, (len(one), len(two), len(joint))
for a, b, j in zip(one, two, joint):
    assert a[0] == b[0] == j[0], (a[0], b[0], j[0])
    assert abs(a[1] + b[1] - j[1]) < 2e-4, (a, b, j)   # distances printed to 4 decimals
    assert j[2] == a[2] + b[2], (a, b, j)                 # the trials' rates, in file order
    assert a[2] != b[2], "the two trials should differ in their schedules' rates"
text = open(sys.argv[3]).read()
assert 'trial: "EURO-SKI, monthly visits", at: 24mo' in text, text
PY
sed 's/set: \["protocol.visits={every: 1mo}"\]/set: ["kinetics.patients.class_weights.A=[1, 2]"]/' \
  joint.yaml > mismatch.yaml
expect_error "mismatch.yaml:10:15: trials[1].scenario: its grid axes and values must be those of trials[0]" \
  "$exe" calibrate mismatch.yaml -o other.yaml
sed 's/every: 1mo/every: 1 month/' joint.yaml > bad_set.yaml
expect_error "bad_set.yaml:11:10: trials[1].set: --set protocol.visits={every: 1 month}: protocol.visits.every" \
  "$exe" calibrate bad_set.yaml -o other.yaml
printf 'scenario: grid.yaml\n' >> joint.yaml
expect_error "joint.yaml:16:11: scenario: give either scenario and targets, or trials, not both" \
  "$exe" calibrate joint.yaml -o other.yaml
[ ! -e other.yaml ] || fail "a refused calibration left an output file"
echo "calibrate checks passed"
