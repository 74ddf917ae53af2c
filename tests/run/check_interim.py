#!/usr/bin/python3
"""Checks the group-sequential results of a run with interim looks (issue 14).

Usage: check_interim.py result.h5 NULL_POINT
- every cohort has a stop look and reason; looks before the stop decided nothing;
- /looks agrees with /cohorts (stopping proportions per look, cumulative rejection);
- in design point NULL_POINT (IFN hazard ratio 1, the null at the boundary) the overall
  rejection rate is at most alpha + 3 MC SE.
Prints 'N passed, M failed'."""
import math
import sys

import h5py
import numpy as np

checks, failures = 0, []


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)


path, null_point = sys.argv[1], int(sys.argv[2])
with h5py.File(path, "r") as f:
    check(list(f.attrs["format_version"]) == [1, 7], "format version 1.7")
    cohorts, looks = f["cohorts"][()], f["looks"][()]
    names = [str(n) for n in f.attrs["test_names"]]
    alpha = float(f.attrs["test_alphas"][0])
    check(np.all(cohorts["stop_look"] >= 1) and np.all(np.isin(cohorts["stop_reason"], [1, 2, 3])),
          "every cohort has a stop look and reason")
    for p in np.unique(cohorts["design_point"]):
        c = cohorts[cohorts["design_point"] == p]
        rows = looks[looks["design_point"] == p]
        n = len(c)
        for row in rows:
            k = int(row["look"])
            eff = np.mean((c["stop_look"] == k) & (c["stop_reason"] == 1))
            fut = np.mean((c["stop_look"] == k) & (c["stop_reason"] == 2))
            check(abs(eff - row["stop_efficacy"]) < 1e-12 and abs(fut - row["stop_futility"]) < 1e-12,
                  f"point {p} look {k}: /looks stopping proportions equal /cohorts")
            cum = np.mean((c["stop_look"] <= k) & (c["stop_reason"] == 1))
            check(abs(cum - row["cumulative_rejection"]) < 1e-12, f"point {p} look {k}: cumulative rejection")
        if p == null_point:
            rate = np.mean(c["stop_reason"] == 1)
            se = math.sqrt(alpha * (1 - alpha) / n)
            print(f"null point {p}: overall rejection {rate:.4f} over {n} cohorts, alpha {alpha}, "
                  f"alpha + 3 SE {alpha + 3 * se:.4f}")
            check(rate <= alpha + 3 * se, "null at the boundary: rejection at most alpha + 3 MC SE")
for what in failures:
    print("FAILED", what)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
