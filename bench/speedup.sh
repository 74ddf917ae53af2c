#!/usr/bin/env bash
# The 2-thread speed-up of issue 18's workloads, as bench/RESULTS.md reports it: the
# ENDURE-sized two-arm design of bench/peers/run_peers.sh (10,000 trials), scenarios/jisas.yaml
# at 10,000 and 110,000 cohorts, scenarios/jisas_mechanistic.yaml as shipped. ROUNDS rounds
# (default 3) of each workload on 1 and then 2 threads, whole processes; prints per workload
# the times, the ratio of the medians and the range of the ratio of any two runs (the VM's
# drift between minutes spreads it), and the speed-up of jisas.yaml per additional cohort
# (the 100,000 cohorts between its two runs).
# Usage: bench/speedup.sh build/jisas-sim [ROUNDS]
set -euo pipefail
exe=$(realpath "$1") rounds=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT

ms() {  # wall milliseconds of one command (its output discarded)
  local start
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  echo $((($(date +%s%N) - start) / 1000000))
}

two_arm=(run "$root/scenarios/two_arm.yaml" --set design.sample_size=203
         --set kinetics.ifn_hazard_ratio=0.5 --set analysis.null_twin=false
         --set 'analysis.tests=[{type: logrank_arms, name: logrank, alpha: 0.05}]'
         --set output.patients.cohorts=0 --cohorts 10000)
jisas=(run "$root/scenarios/jisas.yaml")
mechanistic=(run "$root/scenarios/jisas_mechanistic.yaml")
out=(--quiet --force -o "$work/out.h5")

for _ in $(seq "$rounds"); do
  for threads in 1 2; do
    echo "two_arm $threads $(ms "$exe" "${two_arm[@]}" "${out[@]}" --threads "$threads")"
    echo "jisas_10k $threads $(ms "$exe" "${jisas[@]}" --cohorts 10000 "${out[@]}" --threads "$threads")"
    echo "jisas_110k $threads $(ms "$exe" "${jisas[@]}" --cohorts 110000 "${out[@]}" --threads "$threads")"
    echo "mechanistic $threads $(ms "$exe" "${mechanistic[@]}" "${out[@]}" --threads "$threads")"
  done
done >"$work/times"

python3 - "$work/times" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    workload, threads, ms = line.split()
    times[workload, int(threads)].append(int(ms))
for workload in ["two_arm", "jisas_10k", "jisas_110k", "mechanistic"]:
    one, two = times[workload, 1], times[workload, 2]
    ratios = [a / b for a in one for b in two]
    print(f"{workload}: 1 thread {one} ms, 2 threads {two} ms: speed-up "
          f"{statistics.median(one) / statistics.median(two):.2f} "
          f"(any two runs {min(ratios):.2f}-{max(ratios):.2f})")
# What the fixed start-up and closing (process start, scenario, truth sample and boundary
# search, file creation and closing: serial in part) leave out: the cost of the 100,000
# cohorts between the two jisas.yaml runs, per cohort, on 1 and 2 threads.
per_cohort = {t: (statistics.median(times["jisas_110k", t]) -
                  statistics.median(times["jisas_10k", t])) / 100000 * 1000
              for t in (1, 2)}
print(f"jisas per additional cohort: 1 thread {per_cohort[1]:.2f} us, 2 threads "
      f"{per_cohort[2]:.2f} us: speed-up {per_cohort[1] / per_cohort[2]:.2f}")
PY
printf 'versions: %s\n' "$("$exe" --version 2>/dev/null | head -1)"
printf 'machine: %s, %s CPUs, %s\n' "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  "$(nproc)" "$(uname -r)"
