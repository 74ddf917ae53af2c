#!/usr/bin/env bash
# Issue 6 target: a 1,000,000-cohort run of scenarios/jisas.yaml completes with peak
# resident memory under 200 MB. Prints wall time, peak RSS (/usr/bin/time -v), the size of
# the result file and the largest size the checkpoint journal reached on disk.
# Usage: bench/million_cohorts.sh [build/jisas-sim] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/jisas-sim}
threads=${2:-$(nproc)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/million.h5

( largest=0  # sample the journal's size while the run goes
  while :; do
    size=$(stat -c %s "$out.checkpoint" 2>/dev/null || echo 0)
    ((size > largest)) && largest=$size && echo "$largest" > "$tmp/journal_peak"
    sleep 1
  done ) &
sampler=$!
/usr/bin/time -v "$exe" run scenarios/jisas.yaml --cohorts 1000000 --threads "$threads" \
  -o "$out" --quiet 2> "$tmp/time.txt" > /dev/null
kill "$sampler" 2>/dev/null || true
wall=$(grep "Elapsed (wall clock)" "$tmp/time.txt" | awk '{print $NF}')
rss=$(grep "Maximum resident set size" "$tmp/time.txt" | awk '{print $NF}')
python3 - "$wall" "$rss" "$(stat -c %s "$out")" "$(cat "$tmp/journal_peak" 2>/dev/null || echo 0)" \
  "$threads" <<'PY'
import sys
wall, rss, result, journal, threads = sys.argv[1:]
print(f"| 1,000,000 cohorts, {threads} threads | wall {wall} | peak RSS {int(rss) / 1024:.1f} MiB "
      f"| result file {int(result) / 2**20:.1f} MiB | journal peak {int(journal) / 2**20:.0f} MiB |")
PY
