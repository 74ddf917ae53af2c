#!/usr/bin/env bash
# Issue 19: one lsc_immune population for STIM1, EURO-SKI and ENDURE's observation arm.
# The population fitted by scenarios/calibration/joint_targets.yaml, run with seeds of its
# own (joint_check.yaml), must put all eight published points inside their 95% CIs (STIM1's
# interim under its detectability rule included), each trial's eligibility on the
# sustained deep-response duration it defines.
# Usage: joint_calibration_checks.sh JISAS_SIM SOURCE_DIR WORK_DIR
set -euo pipefail
exe=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "joint_calibration_checks: $*" >&2; exit 1; }
cp "$src"/scenarios/calibration/{stim,euroski,endure}_grid.yaml .
cp "$src/scenarios/calibration/joint_check.yaml" check.yaml
"$exe" calibrate check.yaml -o fit.yaml --threads 2 > log.txt
cat fit.yaml
[ "$(grep -c 'inside_ci: true' fit.yaml)" -eq 8 ] || fail "not all eight targets inside their CIs"
grep -q 'inside_ci: false' fit.yaml && fail "a target outside its CI"

# The blood ratio as read from Y (ratio_scale 1): detectable residual disease on IM keeps
# restarting the sustained CMR runs, STIM1's patients stop later with less disease left,
# and its 6-month rate rises above the interval (issue 19's sustained-duration finding).
sed 's/ratio_scale=\[0.1\]/ratio_scale=[1]/' check.yaml > ratio_one.yaml
grep -q 'ratio_scale=\[1\]' ratio_one.yaml || fail "ratio_one.yaml was not edited"
"$exe" calibrate ratio_one.yaml -o ratio_one_fit.yaml --threads 2 > log2.txt
grep -q 'trial: "STIM1", at: 6mo, published: 0.43, ci: \[0.33, 0.52\], simulated: 0\.[0-9]*, inside_ci: false' \
  ratio_one_fit.yaml || fail "STIM1 at 6 months is inside its CI with the blood ratio as read from Y"
echo "joint calibration checks passed"
