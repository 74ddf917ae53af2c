#!/usr/bin/env bash
# What interim looks cost (issue 14 target: a three-look design at most 1.5x the fixed
# design per cohort). Runs tests/run/interim_null.yaml (ENDURE-sized, 203 patients, two
# interim looks + final, log-rank with O'Brien-Fleming alpha and beta spending) and the same
# scenario with its analysis.looks and analysis.sequential blocks removed (the fixed
# design), 200 cohorts per design point on 1 thread under callgrind: instruction counts are
# the stable measure here (no hardware perf counters on this VM, wall times noisy). Also
# prints the median of 3 wall times at 2,000 cohorts per design point, 1 thread, runs
# interleaved (looks, fixed, looks, ...).
# Usage: bench/interim_cost.sh [build/jisas-sim] [true|false]
#   the second argument sets analysis.null_twin in both scenarios (default: as written in
#   the scenario file). SCENARIO=path overrides the scenario; KEEP=dir keeps the callgrind
#   output files (callgrind.looks.out, callgrind.fixed.out) for callgrind_annotate.
# Prints a Markdown table for bench/RESULTS.md. Needs valgrind (apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(realpath "${1:-build/jisas-sim}")
twin=${2:-}
scenario=${SCENARIO:-tests/run/interim_null.yaml}
cohorts_cg=200 cohorts_wall=2000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install -y valgrind)" >&2; exit 1; }

# $tmp/looks.yaml: the scenario (null_twin set if asked); $tmp/fixed.yaml: the same without
# the looks: and sequential: blocks under analysis:.
python3 - "$scenario" "$twin" "$tmp" <<'PY'
import sys
src, twin, out = sys.argv[1:]
lines = open(src).read().splitlines()

def indent(line):
    return len(line) - len(line.lstrip())

def set_twin(lines):
    if not twin:
        return list(lines)
    a = next(i for i, l in enumerate(lines) if l.rstrip() == "analysis:")
    body = next(indent(l) for l in lines[a + 1:] if l.strip() and not l.lstrip().startswith("#"))
    res, i = lines[:a + 1], a + 1
    while i < len(lines) and (not lines[i].strip() or indent(lines[i]) >= body):
        if lines[i].strip().startswith("null_twin:"):
            i += 1
            continue
        res.append(lines[i])
        i += 1
    res.insert(a + 1, " " * body + f"null_twin: {twin}")
    return res + lines[i:]

def drop_blocks(lines, keys):
    res, i = [], 0
    while i < len(lines):
        key = lines[i].strip().split(":")[0]
        if key in keys and indent(lines[i]) > 0:
            depth = indent(lines[i])
            i += 1
            while i < len(lines) and lines[i].strip() and (
                    indent(lines[i]) > depth or lines[i].lstrip().startswith("- ")
                    and indent(lines[i]) == depth):
                i += 1
            continue
        res.append(lines[i])
        i += 1
    return res

looks = set_twin(lines)
fixed = drop_blocks(looks, {"looks", "sequential"})
assert len(fixed) < len(looks), "no looks:/sequential: blocks found"
open(f"{out}/looks.yaml", "w").write("\n".join(looks) + "\n")
open(f"{out}/fixed.yaml", "w").write("\n".join(fixed) + "\n")
PY

points() {  # design points of a scenario
  "$exe" run "$tmp/$1.yaml" --cohorts 1 --threads 1 --force --quiet -o "$tmp/p.h5" |
    sed -n 's/.*: \([0-9]*\) design point(s).*/\1/p'
}

instructions() {  # instructions of one callgrind run
  valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.$1.out" \
    "$exe" run "$tmp/$1.yaml" --cohorts "$cohorts_cg" --threads 1 --force --quiet \
    -o "$tmp/$1.h5" 2>"$tmp/$1.valgrind" >/dev/null
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/$1.valgrind"
}

wall() {  # wall seconds of one run
  local start end
  start=$(date +%s.%N)
  "$exe" run "$tmp/$1.yaml" --cohorts "$cohorts_wall" --threads 1 --force --quiet \
    -o "$tmp/$1.h5" >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(float('$end') - float('$start'))"
}

n=$(points looks)
[ "$n" = "$(points fixed)" ] || { echo "design points differ" >&2; exit 1; }
i_looks=$(instructions looks)
i_fixed=$(instructions fixed)
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  cp "$tmp"/callgrind.*.out "$tmp/looks.yaml" "$tmp/fixed.yaml" "$KEEP/"
fi
w_looks=() w_fixed=()
for _ in 1 2 3; do
  w_looks+=("$(wall looks)")
  w_fixed+=("$(wall fixed)")
done

python3 - "$n" "$cohorts_cg" "$cohorts_wall" "$i_looks" "$i_fixed" "${twin:-as written}" \
  "${w_looks[@]}" "${w_fixed[@]}" <<'PY'
import statistics, sys
n, ccg, cwall, il, ifx = map(int, sys.argv[1:6])
twin = sys.argv[6]
w = list(map(float, sys.argv[7:]))
wl, wf = statistics.median(w[:3]), statistics.median(w[3:])
per_l, per_f = il / (n * ccg), ifx / (n * ccg)
print(f"null_twin: {twin}; {n} design points; instructions: callgrind, {ccg} cohorts per point "
      f"({n * ccg} cohorts), 1 thread; wall: median of 3, {cwall} cohorts per point, 1 thread")
print()
print("| design | instructions | per cohort | wall (s) | cohorts/s |")
print("|---|---|---|---|---|")
print(f"| three looks | {il:,} | {per_l:,.0f} | {wl:.3f} | {n * cwall / wl:,.0f} |")
print(f"| fixed | {ifx:,} | {per_f:,.0f} | {wf:.3f} | {n * cwall / wf:,.0f} |")
print(f"| looks / fixed | | **{per_l / per_f:.3f}** | {wl / wf:.3f} | |")
PY
