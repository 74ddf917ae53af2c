#!/usr/bin/env bash
# Peak memory of a large design grid (issue 17): POINTS design points (default 10,000: 100
# sample sizes x POINTS/100 IFN hazard ratios) of COHORTS cohorts each (default 10), one
# test, no null twins, no truth sample (analysis.truth_patients: 0; both only add work per
# point, not memory kept per point). Prints `validate`'s estimate, then the run's wall time
# and maximum resident set size from /usr/bin/time -v.
# Usage: bench/grid_memory.sh [build/jisas-sim] [POINTS] [COHORTS] [THREADS]
# With MAX_RSS_KB set, fails (exit 1) if the maximum resident set size exceeds it.
# Target: 10,000 points x 10 cohorts under 1 GB peak (bench/RESULTS.md). The ctest
# run.grid_memory runs a scaled version with a generous bound (tests/run/CMakeLists.txt).
set -euo pipefail
exe=$(realpath "${1:-build/jisas-sim}")
points=${2:-10000}
cohorts=${3:-10}
threads=${4:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
per_axis=$((points / 100))
sizes=$(seq -s, 10 109)
ratios=$(python3 -c "print(','.join(f'{0.3 + 0.7 * i / $per_axis:.6f}' for i in range($per_axis)))")
cat >"$tmp/grid_memory.yaml" <<YAML
schema_version: 1
name: grid_memory
seed: 17
cohorts: $cohorts
design:
  sample_size: [$sizes]
  accrual: {start: 2020-01-01, end: 2020-12-31}
  analysis: {min_follow_up: 13mo}
  withdrawal: {unevaluable: 0.0, dropout_per_year: 0.0}
  max_follow_up: 24mo
population:
  age: {dist: normal, mean: 55, sd: 10, min: 20, max: 90}
  sokal: {low: 1.0, intermediate: 0.0, high: 0.0}
  prior_ifn: 0.0
  cmr_duration: {dist: lognormal, median: 30mo, sdlog: 0.3}
  mmr_before_cmr: {dist: fixed, value: 12mo}
  time_to_mmr: {dist: fixed, value: 12mo}
  min_mmr_duration: 2y
kinetics:
  model: hazard
  cure_fraction: 0.41
  cure_log_odds_per_year_cmr: 0.0
  reference_cmr_years: 2.5
  relapse_time: {dist: weibull, shape: 2, scale: 1mo}
  relapse_log_hr_per_year_cmr: 0.0
  ifn_hazard_ratio: [$ratios]
  doubling_time: 9d
  im_half_life: 18d
  residual_ratio: 1e-7
assay:
  abl_copies: {median: 50000, sdlog: 0.5}
  conversion_factor: 1.0
protocol:
  ifn: {start_within: 4w, dose_mu: 3, per_week: [2, 5]}
  visits: {every: 1mo}
  relapse: {loss_of: mmr, threshold: 0.001, confirmations: 2}
  on_relapse: {resume_im_mg: 400}
analysis:
  landmarks: [6mo, 12mo]
  histogram_bins: 20
  truth_patients: 0
  tests:
    - {type: landmark_vs_historical, name: km12_vs_41, at: 12mo, null_rate: 0.41, alpha: 0.05}
YAML
"$exe" validate "$tmp/grid_memory.yaml" | sed 's|^.*/grid_memory.yaml|grid_memory.yaml|'
/usr/bin/time -v "$exe" run "$tmp/grid_memory.yaml" -o "$tmp/out.h5" --quiet --threads "$threads" \
  >/dev/null 2>"$tmp/time.txt" || { cat "$tmp/time.txt" >&2; exit 1; }
kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
wall=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time.txt")
echo "run: $points points x $cohorts cohorts, $threads threads: wall $wall, max RSS $kb KB ($((kb / 1024)) MiB)"
if [ -n "${MAX_RSS_KB:-}" ] && [ "$kb" -gt "$MAX_RSS_KB" ]; then
  echo "FAIL: max RSS $kb KB exceeds $MAX_RSS_KB KB" >&2
  exit 1
fi
