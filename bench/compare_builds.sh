#!/usr/bin/env bash
# Compares the throughput of two jisas-sim builds on the same scenarios, runs interleaved
# (old, new, old, new, ...) so that machine noise hits both alike; best of 5 wall times.
# Usage: bench/compare_builds.sh OLD_EXE NEW_EXE [scenario.yaml ...]
# Default scenarios: scenarios/jisas.yaml and scenarios/jisas_mechanistic.yaml, 10,000
# cohorts each, at 1 and 2 threads. Prints a Markdown table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
shift 2
scenarios=("$@")
((${#scenarios[@]})) || scenarios=(scenarios/jisas.yaml scenarios/jisas_mechanistic.yaml)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

wall() {  # wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(float('$end') - float('$start'))"
}

echo "| scenario | threads | old (s) | new (s) | new / old |"
echo "|---|---|---|---|---|"
for scenario in "${scenarios[@]}"; do
  for threads in 1 2; do
    best_old="" best_new=""
    for _ in 1 2 3 4 5; do
      for which in old new; do
        exe=$old; [ "$which" = new ] && exe=$new
        t=$(wall "$exe" run "$scenario" --cohorts 10000 --threads "$threads" --quiet --force \
              -o "$tmp/$which.h5")
        if [ "$which" = old ]; then
          best_old=$(python3 -c "b='$best_old'; print(min(float('$t'), float(b)) if b else '$t')")
        else
          best_new=$(python3 -c "b='$best_new'; print(min(float('$t'), float(b)) if b else '$t')")
        fi
      done
    done
    python3 -c "o, n = float('$best_old'), float('$best_new'); print(f'| $scenario | $threads | {o:.3f} | {n:.3f} | {n / o:.3f} |')"
  done
done
