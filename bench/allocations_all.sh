#!/usr/bin/env bash
# Heap allocations per additional cohort for every shipped scenario, twins as shipped:
# bench/allocations.sh's count (an LD_PRELOAD malloc counter) over two runs per scenario
# that differ only in their number of cohorts. The mechanistic scenarios run fewer cohorts
# (10 and 60), so their figure includes the first cohorts' stored patients and the
# summary's growing buffers; the others run 1,100 and 2,100, past the summary's 1,000
# exact values per design point. "Per cohort" is per cohort index over all design points.
# Usage: bench/allocations_all.sh [build/jisas-sim]
set -euo pipefail
exe=$(realpath "${1:-build/jisas-sim}")
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -shared -fPIC -o "$tmp/malloc_count.so" "$root/bench/malloc_count.c" -ldl
mallocs() {  # scenario cohorts
  LD_PRELOAD="$tmp/malloc_count.so" "$exe" run "$1" --cohorts "$2" --threads 1 --quiet --force \
    -o "$tmp/out.h5" 2>&1 >/dev/null | awk '/^mallocs/ {print $2}'
}
for scenario in "$root"/scenarios/*.yaml; do
  name=$(basename "$scenario")
  lo=1100 hi=2100
  case $name in *mechanistic*) lo=10 hi=60 ;; esac
  a=$(mallocs "$scenario" "$lo")
  b=$(mallocs "$scenario" "$hi")
  awk -v name="$name" -v a="$a" -v b="$b" -v lo="$lo" -v hi="$hi" \
    'BEGIN { printf "%-24s %8d mallocs at %5d cohorts, %8d at %5d: %8.2f per cohort\n",
             name, a, lo, b, hi, (b - a) / (hi - lo) }'
done
