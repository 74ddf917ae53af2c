#!/usr/bin/env bash
# The seed corpus of fuzz_result: small result files and shards written by this build's
# own jisas-sim (merge joins only shards of its own version and commit), a few cohorts
# each, without null twins and with a small truth sample so that merge is quick: a single
# design point with stored patients, interim looks, a two-arm grid and a 2 x 2 grid; the
# shards are 0/1 of their run, so that merge of one of them alone is a complete merge.
# Usage: make_result_seeds.sh JISAS_SIM SOURCE_DIR SEED_DIR
set -euo pipefail
exe=$1 src=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir"
small=(--cohorts 3 --quiet --force --set analysis.null_twin=false --set analysis.truth_patients=50)
run() { "$exe" run "$@" "${small[@]}" >/dev/null; }
run "$src/scenarios/jisas.yaml" --set output.patients.cohorts=1 -o "$dir/jisas.h5"
run "$src/scenarios/jisas.yaml" --set output.patients.cohorts=1 --shard 0/1 -o "$dir/jisas-shard.h5"
run "$src/tests/run/interim_null.yaml" --set output.patients.cohorts=1 --shard 0/1 -o "$dir/interim-shard.h5"
run "$src/scenarios/two_arm.yaml" --set output.patients.cohorts=0 --shard 0/1 -o "$dir/two_arm-shard.h5"
run "$src/tests/run/grid.yaml" --set output.patients.cohorts=1 -o "$dir/grid.h5"
