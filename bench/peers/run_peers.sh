#!/usr/bin/env bash
# jisas-sim beside the tools a planner uses today (issue 18), one thread, side by side:
#  1. the ENDURE-sized two-arm design (scenarios/two_arm.yaml at n = 203, IFN hazard ratio
#     0.5, the log-rank test only, no null twins), 10,000 trials: rpact's
#     getSimulationSurvival inside a running R session (rpact_two_arm.R) against
#     jisas-sim's whole process;
#  2. scenarios/jisas.yaml without null twins, per cohort: an R implementation of the same
#     workload (jisas_r.R, timed inside R: the cost of one more cohort in a running session)
#     against jisas-sim's cost of one more cohort, the difference of whole-process runs of
#     110,000 and 10,000 cohorts over 100,000 (the start, the scenario's setup and closing
#     the file drop out, as R's start and library loading do); also whole process / 10,000;
#  3. scenarios/jisas.yaml as shipped (null and boundary twins) against without twins, whole
#     processes of 10,000 cohorts and per additional cohort; and with its null twins only
#     (analysis.truth_patients=0 also leaves out the boundary twin and the truth sample, so
#     only the per-additional-cohort cost compares).
# Each timing is the median of REPS runs (default 3). Prints the times, the ratios, the
# versions and the machine; bench/RESULTS.md records them.
# Usage: bench/peers/run_peers.sh build/jisas-sim [REPS]
set -euo pipefail
exe=$(realpath "$1") reps=${2:-3}
here=$(cd "$(dirname "$0")" && pwd) root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT

calc() { awk "BEGIN {print $1}"; }  # arithmetic without bc
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
seconds() {  # wall seconds of one command (its output discarded)
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N)
  calc "$end - $start"
}
timed() { for _ in $(seq "$reps"); do seconds "$@"; done | median; }
field() { awk -v k="$1" '{for (i = 1; i < NF; ++i) if ($i == k) print $(i + 1)}'; }

two_arm=(run "$root/scenarios/two_arm.yaml" --set design.sample_size=203
         --set kinetics.ifn_hazard_ratio=0.5 --set analysis.null_twin=false
         --set 'analysis.tests=[{type: logrank_arms, name: logrank, alpha: 0.05}]'
         --set output.patients.cohorts=0 --cohorts 10000 --threads 1 --quiet --force -o "$work/t.h5")
jisas=(run "$root/scenarios/jisas.yaml" --threads 1 --quiet --force -o "$work/j.h5")

sim_two_arm=$(timed "$exe" "${two_arm[@]}")
rpact=$(for _ in $(seq "$reps"); do Rscript "$here/rpact_two_arm.R" 10000 | field rpact_seconds; done | median)
sim_jisas_plain=$(timed "$exe" "${jisas[@]}" --set analysis.null_twin=false --cohorts 10000)
sim_jisas_twins=$(timed "$exe" "${jisas[@]}" --cohorts 10000)
sim_jisas_plain_long=$(timed "$exe" "${jisas[@]}" --set analysis.null_twin=false --cohorts 110000)
sim_jisas_twins_long=$(timed "$exe" "${jisas[@]}" --cohorts 110000)
null_only=(--set analysis.truth_patients=0)
sim_jisas_null=$(timed "$exe" "${jisas[@]}" "${null_only[@]}" --cohorts 10000)
sim_jisas_null_long=$(timed "$exe" "${jisas[@]}" "${null_only[@]}" --cohorts 110000)
r_ms=$(for _ in $(seq "$reps"); do Rscript "$here/jisas_r.R" 500 | field per_cohort_ms; done | median)

printf 'two-arm, 10,000 trials: jisas-sim %.3f s (whole process), rpact %.3f s (in R): rpact / jisas-sim = %.2f\n' \
  "$sim_two_arm" "$rpact" "$(calc "$rpact / $sim_two_arm")"
plain_ms=$(calc "1000 * $sim_jisas_plain / 10000")
marginal_ms=$(calc "1000 * ($sim_jisas_plain_long - $sim_jisas_plain) / 100000")
twins_marginal_ms=$(calc "1000 * ($sim_jisas_twins_long - $sim_jisas_twins) / 100000")
printf 'jisas.yaml without twins, per additional cohort: jisas-sim %.4f ms, R %.4f ms: R / jisas-sim = %.1f\n' \
  "$marginal_ms" "$r_ms" "$(calc "$r_ms / $marginal_ms")"
printf 'jisas.yaml without twins, whole process / 10,000: jisas-sim %.4f ms: R / jisas-sim = %.1f\n' \
  "$plain_ms" "$(calc "$r_ms / $plain_ms")"
printf 'jisas.yaml with its twins, 10,000 cohorts: %.3f s against %.3f s without: %.2fx\n' \
  "$sim_jisas_twins" "$sim_jisas_plain" "$(calc "$sim_jisas_twins / $sim_jisas_plain")"
printf 'jisas.yaml with its twins, per additional cohort: %.4f ms against %.4f ms without: %.2fx\n' \
  "$twins_marginal_ms" "$marginal_ms" "$(calc "$twins_marginal_ms / $marginal_ms")"
null_marginal_ms=$(calc "1000 * ($sim_jisas_null_long - $sim_jisas_null) / 100000")
printf 'jisas.yaml with its null twins only, per additional cohort: %.4f ms against %.4f ms without: %.2fx\n' \
  "$null_marginal_ms" "$marginal_ms" "$(calc "$null_marginal_ms / $marginal_ms")"
printf 'versions: %s; rpact %s; %s\n' "$("$exe" --version 2>/dev/null | head -1)" \
  "$(Rscript -e 'cat(as.character(packageVersion("rpact")))')" "$(R --version | head -1)"
# The machine: ratios against R moved by half between two 2-vCPU VMs (bench/RESULTS.md).
printf 'machine: %s, %s CPUs, %s\n' "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$(nproc)" "$(uname -r)"
