#!/usr/bin/env bash
# Usage: golden_case.sh JISAS_SIM SOURCE_DIR SCENARIO_NAME [--update]
# Runs scenarios/SCENARIO_NAME.yaml for a few cohorts and compares the text dump of its
# datasets with tests/regression/golden/SCENARIO_NAME.txt (bit for bit: 17 digits).
# --update rewrites the reference instead (scripts/regenerate-regression.sh).
set -eu
exe=$1 source_dir=$2 name=$3 mode=${4:-}
cohorts=24
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$exe" run "$source_dir/scenarios/$name.yaml" --cohorts "$cohorts" --threads 2 --quiet \
  -o "$work/out.h5" > "$work/stdout.txt"
/usr/bin/python3 "$source_dir/tests/regression/dump_result.py" "$work/out.h5" > "$work/dump.txt"
reference="$source_dir/tests/regression/golden/$name.txt"
if [ "$mode" = "--update" ]; then
  cp "$work/dump.txt" "$reference"
  echo "updated $reference"
  exit 0
fi
diff -u "$reference" "$work/dump.txt" > "$work/diff.txt" || {
  head -n 60 "$work/diff.txt"
  echo "golden regression $name: results differ from $reference" >&2
  echo "(if on purpose: scripts/regenerate-regression.sh build/jisas-sim, and say why in the commit)" >&2
  exit 1
}
echo "golden regression $name: identical"
