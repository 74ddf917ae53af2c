#!/usr/bin/env bash
# Issue 18: no heap allocation per cohort on the hot path. Counts the malloc calls of two
# runs that differ only in their number of cohorts (bench/malloc_count.c, an LD_PRELOAD
# counter) and checks the difference per additional cohort: start-up, the truth sample,
# the writer's fixed work and the first cohorts' stored patients cancel. Counts, not time.
# Both runs are past the 1,000 cohorts per design point after which the summary's
# streaming distributions stop keeping every value (their growth is not per cohort).
# Scenarios whose cohorts allocate nothing: jisas.yaml with its null and boundary twins,
# stim.yaml, two_arm.yaml at one of its points (log-rank, G(0,1), MaxCombo and RMST with
# null twins),
# sample_size.yaml and the ENDURE-sized log-rank design of bench/peers/run_peers.sh, with
# its final analysis at a fixed date and at its 60th relapse, and the interim-look designs
# jisas_interim.yaml and endure_interim.yaml, whose boundaries are recomputed in every
# cohort at its observed information (the mechanistic scenarios too, measured in
# bench/RESULTS.md; too slow for this suite).
# The limit, 1 per cohort, leaves room for the HDF5 library's per-chunk work; a
# per-patient or per-cohort allocation puts a run far above it.
# Usage: allocation_checks.sh JISAS_SIM SOURCE_DIR WORK_DIR
set -euo pipefail
exe=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "allocation_checks: $*" >&2; exit 1; }
cc -O2 -shared -fPIC -o malloc_count.so "$src/bench/malloc_count.c" -ldl
mallocs() {  # scenario cohorts [options...]
  local scenario=$1 cohorts=$2
  shift 2
  LD_PRELOAD="$work/malloc_count.so" "$exe" run "$src/scenarios/$scenario" --cohorts "$cohorts" \
    --threads 1 --quiet --force -o "$work/out.h5" "$@" 2>&1 >/dev/null | awk '/^mallocs/ {print $2}'
}
check() {  # name scenario low high [options...]
  local name=$1 scenario=$2 low=$3 high=$4
  shift 4
  local a b
  a=$(mallocs "$scenario" "$low" "$@")
  b=$(mallocs "$scenario" "$high" "$@")
  [ -n "$a" ] && [ -n "$b" ] || fail "$name: no malloc count (is LD_PRELOAD honoured?)"
  awk -v name="$name" -v a="$a" -v b="$b" -v lo="$low" -v hi="$high" 'BEGIN {
    per = (b - a) / (hi - lo)
    printf "%s: %d mallocs at %d cohorts, %d at %d: %.2f per cohort\n", name, a, lo, b, hi, per
    exit !(per < 1.0) }' || fail "$name allocates on the heap per cohort"
}
check jisas jisas.yaml 1100 2100
check stim stim.yaml 1100 2100
check two_arm two_arm.yaml 1100 1400 --set design.sample_size=203 --set kinetics.ifn_hazard_ratio=0.5
check sample_size sample_size.yaml 1100 1300
check endure_logrank two_arm.yaml 1100 2100 --set design.sample_size=203 \
  --set kinetics.ifn_hazard_ratio=0.5 --set analysis.null_twin=false \
  --set 'analysis.tests=[{type: logrank_arms, name: logrank, alpha: 0.05}]' \
  --set output.patients.cohorts=0
check endure_event_driven two_arm.yaml 1100 2100 --set design.sample_size=203 \
  --set kinetics.ifn_hazard_ratio=0.5 --set analysis.null_twin=false \
  --set 'analysis.tests=[{type: logrank_arms, name: logrank, alpha: 0.05}]' \
  --set output.patients.cohorts=0 --set design.analysis.events=60
check jisas_interim jisas_interim.yaml 1100 1300
check endure_interim endure_interim.yaml 1100 1300
echo "allocation checks passed"
