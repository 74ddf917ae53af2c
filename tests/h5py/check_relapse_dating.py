#!/usr/bin/python3
"""Re-derives every stored relapse from /measurements (issue 15, relapse dating).

Usage: check_relapse_dating.py RESULT.h5 THRESHOLD CONFIRMATIONS DATED_AT [EVERY WINDOW]
For each relapsed patient of the stored cohorts, from its measured ratios in visit order:
- the confirming visit (`confirmed`) ends the first run of CONFIRMATIONS successive tests
  at or above THRESHOLD (loss of MMR), and no earlier run is that long;
- `time` is the first test of that run (DATED_AT first_loss) or the confirming visit
  (confirmation); `first_loss` is the first test of the run either way.
For each patient without a relapse, no such run exists among its visits.
With EVERY and WINDOW (days; visits `{every, window, missed}`): every measurement lies
within WINDOW of a planned day k * EVERY, at most one per planned day, and some planned
visits before each patient's last one are missing (missed visits; the run above is then
over the attended visits only, which is what "the next attended visit confirms" means).
Prints 'N passed, M failed'."""
import sys
from collections import defaultdict

import h5py
import numpy as np

path, threshold, confirmations, dated_at = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
every, window = (float(sys.argv[5]), float(sys.argv[6])) if len(sys.argv) > 6 else (None, None)
checks, failures = 0, []


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)


def first_run_end(days, ratios):
    """Index of the visit completing the first run of `confirmations` positive tests."""
    run = 0
    for i, ratio in enumerate(ratios):
        run = run + 1 if ratio >= threshold else 0
        if run == confirmations:
            return i
    return None


with h5py.File(path, "r") as f:
    patients, m = f["patients"][()], f["measurements"][()]
visits = defaultdict(list)
for row in m:
    visits[(int(row["design_point"]), int(row["cohort"]), int(row["patient"]))].append(row)
relapses, planned_total, attended_total = 0, 0, 0
for p in patients:
    key = (int(p["design_point"]), int(p["cohort"]), int(p["patient"]))
    rows = sorted(visits[key], key=lambda r: r["day"])
    days = np.array([r["day"] for r in rows])
    ratios = np.array([r["measured_ratio"] for r in rows])
    end = first_run_end(days, ratios)
    if every is not None and len(days) > 0:
        k = np.rint(days / every)
        check(np.all(np.abs(days - k * every) <= window), f"{key}: visits within ±{window} days")
        check(len(np.unique(k)) == len(k), f"{key}: one visit per planned day")
        planned_total += int(k[-1])
        attended_total += len(k)
    if not p["relapsed"]:
        # Off IM the whole time: any run would have been a relapse (visits after the
        # analysis date are not measured).
        check(end is None, f"{key}: a censored patient has no confirming run")
        continue
    relapses += 1
    if end is None:
        check(False, f"{key}: relapsed without a confirming run in /measurements")
        continue
    first = days[end - confirmations + 1]
    check(days[end] == p["confirmed"], f"{key}: confirmed at the run's last test")
    check(first == p["first_loss"], f"{key}: first_loss is the run's first test")
    expected = first if dated_at == "first_loss" else days[end]
    check(p["time"] == expected, f"{key}: time is dated at {dated_at}")
print(f"{relapses} relapses re-derived from /measurements")
check(relapses > 0, "some relapses to check")
if every is not None:
    print(f"{attended_total} of {planned_total} planned visits attended")
    check(attended_total < planned_total, "some planned visits were missed")
for what in failures[:10]:
    print("FAILED", what)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
