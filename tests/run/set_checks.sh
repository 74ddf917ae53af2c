#!/usr/bin/env bash
# `run --set KEY=VALUE` (docs/scenario-schema.md, "Overrides"): a run with overrides equals
# a run of an edited copy of the file bit for bit; the overrides are recorded beside the
# verbatim scenario text; a bad override is one line, exit code 2 and no output; shards
# merge only with the same overrides, and the merge equals the single run.
# Usage: set_checks.sh JISAS_SIM SCENARIO WORK_DIR COHORTS (SCENARIO: scenarios/jisas.yaml)
set -euo pipefail
exe=$1 scenario=$2 work=$3 cohorts=$4
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
expect="$here/../cli/expect_error.sh"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
run() { "$exe" run --quiet --cohorts "$cohorts" "$@" >/dev/null; }

# A scalar, a grid axis, a duration, a whole map and a list item.
sets=(--set 'design.sample_size=[10, 20]'
      --set kinetics.ifn_hazard_ratio=0.7
      --set protocol.visits.every=2mo
      --set 'protocol.relapse={loss_of: cmr, threshold: 0.001, confirmations: 2}'
      --set 'analysis.tests[0].alpha=0.1')
sed -e 's/^  sample_size: 15 /  sample_size: [10, 20] /' \
    -e 's/ifn_hazard_ratio: 0.5 /ifn_hazard_ratio: 0.7 /' \
    -e 's/visits: {every: 1mo}/visits: {every: 2mo}/' \
    -e 's/relapse: {loss_of: mmr, threshold: 0.001, confirmations: 2, dated_at: first_loss}/relapse: {loss_of: cmr, threshold: 0.001, confirmations: 2}/' \
    -e 's/null_rate: 0.41, alpha: 0.05}/null_rate: 0.41, alpha: 0.1}/' \
    "$scenario" >edited.yaml
changed=$(diff "$scenario" edited.yaml | grep -c '^>' || true)
[ "$changed" -eq 5 ] || { echo "FAILED: the sed edit changed $changed lines, not 5"; exit 1; }

run "$scenario" "${sets[@]}" -o set.h5
run edited.yaml -o edited.h5
"$py" "$here/../h5py/compare_datasets.py" set.h5 edited.h5 scenario_yaml scenario_path scenario_overrides
"$py" - "$scenario" set.h5 edited.h5 "${sets[@]}" <<'EOF'
import sys
import h5py
scenario, with_set, edited, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[5::2]
def overrides(path):
    with h5py.File(path, "r") as f:
        value = f.attrs["scenario_overrides"]
        yaml = f.attrs["scenario_yaml"]
    return ([] if isinstance(value, h5py.Empty) else [v.decode() if isinstance(v, bytes) else v for v in value]), yaml
recorded, yaml = overrides(with_set)
assert recorded == sets, f"scenario_overrides is {recorded}, expected {sets}"
assert yaml == open(scenario).read(), "scenario_yaml is not the file verbatim"
assert overrides(edited)[0] == [], "a run without --set records overrides"
with h5py.File(with_set, "r") as f:
    assert len(f["design_points"]) == 2, "the list override is not a grid axis"
print("overrides recorded in order beside the verbatim scenario")
EOF
"$exe" summary set.h5 >/dev/null

# A bad override: one line naming it, exit code 2, no output file (nor a temporary one).
EXPECT_ABSENT=bad.h5 "$expect" 2 "^jisas-sim: error: --set design\.sample_size=-3: design\.sample_size: must be >= 1" \
  "$exe" run "$scenario" --set design.sample_size=-3 -o bad.h5 --quiet
EXPECT_ABSENT=bad.h5 "$expect" 2 "--set design\.sample_sise=20: design\.sample_sise: unknown key" \
  "$exe" run "$scenario" --set design.sample_sise=20 -o bad.h5 --quiet
EXPECT_ABSENT=bad.h5 "$expect" 2 "--set design\.sample_size: expected KEY=VALUE" \
  "$exe" run "$scenario" --set design.sample_size -o bad.h5 --quiet
EXPECT_ABSENT=bad.h5 "$expect" 2 "--set design\.sample_size=\[10, 20 \(value column [0-9]+\): YAML syntax error" \
  "$exe" run "$scenario" --set 'design.sample_size=[10, 20' -o bad.h5 --quiet
EXPECT_ABSENT=bad.h5 "$expect" 2 "--set name\.first=x: name is the value 'jisas', not a map" \
  "$exe" run "$scenario" --set name.first=x -o bad.h5 --quiet
"$expect" 2 "--set design\.sample_size=0: design\.sample_size: must be >= 1" \
  "$exe" validate "$scenario" --set design.sample_size=0

# Shards of a run with overrides merge into the single run; other overrides do not merge.
run "$scenario" "${sets[@]}" -o part-0.h5 --shard 0/2
run "$scenario" "${sets[@]}" -o part-1.h5 --shard 1/2
"$exe" merge part-0.h5 part-1.h5 -o merged.h5 >/dev/null
"$py" "$here/../h5py/compare_datasets.py" set.h5 merged.h5
run "$scenario" "${sets[@]:0:8}" -o other-1.h5 --shard 1/2
EXPECT_ABSENT=bad.h5 "$expect" 2 "other-1\.h5: not from the same run as part-0\.h5 \(scenario, --set overrides" \
  "$exe" merge part-0.h5 other-1.h5 -o bad.h5
echo "set checks: 1 passed, 0 failed"
