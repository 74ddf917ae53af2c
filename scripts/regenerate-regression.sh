#!/usr/bin/env bash
# Usage: scripts/regenerate-regression.sh build/jisas-sim
# Rewrites every regression reference: the expected output of each tests/regression/<case>/
# and the golden dump of every shipped scenario (tests/regression/golden/). Run it only on
# purpose, after checking the new numbers, and say in the commit why results changed.
set -euo pipefail
exe=$(realpath "$1")
source_dir=$(cd "$(dirname "$0")/.." && pwd)
for case_dir in "$source_dir"/tests/regression/*/; do
  [ -f "$case_dir/cmd" ] || continue
  mapfile -t args < <(sed "s|@SOURCE@|$source_dir|g" "$case_dir/cmd")
  (cd "$source_dir" && "$exe" "${args[@]}") > "$case_dir/expected.txt"
  echo "updated $case_dir/expected.txt"
done
for scenario in "$source_dir"/scenarios/*.yaml; do
  bash "$source_dir/tests/regression/golden_case.sh" "$exe" "$source_dir" \
    "$(basename "$scenario" .yaml)" --update
done
