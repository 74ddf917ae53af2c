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
echo "calibrate checks passed"
