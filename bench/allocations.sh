#!/usr/bin/env bash
# Heap allocations per cohort (issue 18's target: none on the hot path): counts the malloc
# calls of two runs of SCENARIO that differ only in their number of cohorts (LO and HI) and
# prints the difference per cohort, so start-up, the truth sample and the writer's fixed
# work cancel. One thread; with and without the null twins.
# Usage: bench/allocations.sh [build/jisas-sim] [scenarios/jisas.yaml] [LO] [HI]
set -euo pipefail
exe=$(realpath "${1:-build/jisas-sim}")
scenario=$(realpath "${2:-scenarios/jisas.yaml}")
lo=${3:-1000}
hi=${4:-11000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -shared -fPIC -o "$tmp/malloc_count.so" "$(dirname "$0")/malloc_count.c" -ldl
mallocs() {  # cohorts, extra options...
  local cohorts=$1
  shift
  LD_PRELOAD="$tmp/malloc_count.so" "$exe" run "$scenario" --cohorts "$cohorts" --threads 1 \
    --quiet --force -o "$tmp/out.h5" "$@" 2>&1 >/dev/null | awk '/^mallocs/ {print $2}'
}
for twins in true false; do
  a=$(mallocs "$lo" --set "analysis.null_twin=$twins")
  b=$(mallocs "$hi" --set "analysis.null_twin=$twins")
  awk -v name="$(basename "$scenario")" -v twins="$twins" -v a="$a" -v b="$b" -v lo="$lo" -v hi="$hi" \
    'BEGIN { printf "%s, null twins %s: %d mallocs at %d cohorts, %d at %d: %.1f per cohort\n",
             name, twins, a, lo, b, hi, (b - a) / (hi - lo) }'
done
