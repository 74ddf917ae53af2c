#!/usr/bin/env bash
# Measures jisas-sim run on a scenario (default scenarios/jisas.yaml): cohorts per second
# at 1 and 2 threads (10,000 cohorts, best of 3) and peak resident memory at 10,000 and
# 100,000 cohorts.
# Usage: bench/run_bench.sh [build/jisas-sim] [scenario.yaml]  — prints a Markdown block
# for RESULTS.md.
# Targets: issue 3 (scenarios/jisas.yaml): 10,000 cohorts < 1 s on one core; issue 4
# (scenarios/jisas_mechanistic.yaml): 10,000 cohorts < 10 s on one core; both: 2-thread
# speed-up >= 1.8 and peak memory independent of the number of cohorts.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/jisas-sim}
scenario=${2:-scenarios/jisas.yaml}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seconds() {  # best wall time of 3 runs, in seconds
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$exe" run "$scenario" -o "$tmp/out.h5" --force --quiet "$@" >/dev/null
    end=$(date +%s.%N)
    best=$(python3 -c "import sys; a=float('$end')-float('$start'); b='$best'; print(a if not b else min(a, float(b)))")
  done
  echo "$best"
}

peak_kb() {
  /usr/bin/time -f "%M" "$exe" run "$scenario" -o "$tmp/out.h5" --force --quiet "$@" 2>&1 >/dev/null | tail -1
}

t1=$(seconds --cohorts 10000 --threads 1)
t2=$(seconds --cohorts 10000 --threads 2)
m10k=$(peak_kb --cohorts 10000 --threads 2)
m100k=$(peak_kb --cohorts 100000 --threads 2)
python3 - "$t1" "$t2" "$m10k" "$m100k" <<'PY'
import sys
t1, t2, m10, m100 = map(float, sys.argv[1:])
print(f"| 10,000 cohorts, 1 thread | {t1:.3f} s | {10000 / t1:,.0f} cohorts/s |")
print(f"| 10,000 cohorts, 2 threads | {t2:.3f} s | {10000 / t2:,.0f} cohorts/s, speed-up {t1 / t2:.2f} |")
print(f"| peak RSS, 10,000 cohorts | {m10 / 1024:.1f} MiB | |")
print(f"| peak RSS, 100,000 cohorts | {m100 / 1024:.1f} MiB | |")
PY
