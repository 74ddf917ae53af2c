#!/usr/bin/python3
"""Compares a run of tests/run/rpact_survival.yaml with rpact's simulation and analytic power
of the same design (tests/r/rpact_survival.R writes them as JSON; issue 14).

Usage: check_rpact_survival.py result.h5 rpact.json
Within 3 Monte Carlo SE (of the difference of two independent simulations):
- rejection per stage and overall (rpact: getSimulationSurvival()$rejectPerStage);
- expected events at the stop (rpact: $expectedNumberOfEvents);
- the fixed design's power, the log-rank test at the 120-event final analysis of every
  cohort, against getPowerSurvival()$overallReject (binomial SE of ours only).
The mean analysis time per stage (rpact: $analysisTime) is printed, not checked: rpact's
stage-1 and stage-2 times are about 0.04 months (1.2 days) later than ours, more than 3 SE,
and a plain numpy simulation of the design (uniform entry, exponential times, the 40th and
80th event) agrees with ours (8.115 and 12.153 months over 20,000 trials); uniform versus
evenly spaced entry in rpact's simulation would explain most of it (8.139, 12.182).
Prints each comparison and 'N passed, M failed'."""
import json
import math
import sys

import h5py
import numpy as np

DAYS_PER_MONTH = 30.4375
checks, failures = 0, []


def compare(what, ours, theirs, se):
    global checks
    checks += 1
    ok = abs(ours - theirs) <= 3 * se
    print(f"{what:34s} jisas-sim {ours:10.4f}  rpact {theirs:10.4f}  3 SE {3 * se:.4f}"
          f"  {'ok' if ok else 'FAILED'}")
    if not ok:
        failures.append(what)


def proportion_se(p, n_ours, n_theirs):
    return math.sqrt(p * (1 - p) * (1 / n_ours + 1 / n_theirs))


path, reference = sys.argv[1], sys.argv[2]
with open(reference) as f:
    r = json.load(f)
with h5py.File(path, "r") as f:
    c = f["cohorts"][()]
n, m = len(c), r["iterations"]
rejected = c["stop_reason"] == 1
for k, theirs in enumerate(r["reject_per_stage"], start=1):
    ours = np.mean(rejected & (c["stop_look"] == k))
    compare(f"rejection at stage {k}", ours, theirs, proportion_se((ours + theirs) / 2, n, m))
ours = np.mean(rejected)
compare("overall rejection", ours, r["overall_reject"],
        proportion_se((ours + r["overall_reject"]) / 2, n, m))
stop = c["stop_look"].astype(int) - 1
events = c["look_events"][np.arange(n), stop].astype(float)
compare("expected events at the stop", events.mean(), r["expected_events"],
        events.std(ddof=1) * math.sqrt(1 / n + 1 / m))
for k, theirs in enumerate(r["analysis_time_months"]):
    months = c["look_day"][stop >= k, k] / DAYS_PER_MONTH
    print(f"analysis time at stage {k + 1} (months)  jisas-sim {months.mean():10.4f}"
          f"  rpact {theirs:10.4f}  (not checked)")
fixed = np.mean(c["reject"][:, 0])
compare("fixed design power (analytic)", fixed, r["fixed_power"],
        math.sqrt(r["fixed_power"] * (1 - r["fixed_power"]) / n))
print(f"rpact {r['rpact_version']}, {m} iterations; jisas-sim {n} cohorts")
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
