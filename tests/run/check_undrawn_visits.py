#!/usr/bin/python3
"""The distributions did not move when visits with a certain result stopped being drawn
(issue 18, scenarios/quiet_visits.h). Compares two runs of one scenario and seed: OLD with
assay.draw_every_visit (every visit drawn, the simulation of seeding scheme 1) and NEW as
shipped. Both share every draw but the assay's, so each cohort is compared with itself
(paired): for the relapse count, the median times to relapse and to regaining MMR on IM, the KM
estimate at each landmark and each test's p-value,
the mean paired difference must lie within 4 SE of 0; for each test's decision in the
cohorts and in their null and boundary twins, the discordant cohorts (rejected in one run
only) must split evenly within 4 SE (McNemar 1947). A difference of an order of magnitude
below these SE would still show here: the paired SE is far below the MC SE of either run.

Usage: check_undrawn_visits.py OLD.h5 NEW.h5
Prints each comparison and 'N passed, M failed'."""
import math
import sys

import h5py
import numpy as np

checks, failures = 0, []


def report(what, ok, text):
    global checks
    checks += 1
    print(f"{what:45s} {text}  {'ok' if ok else 'FAILED'}")
    if not ok:
        failures.append(what)


def paired(what, old, new):
    keep = np.isfinite(old) & np.isfinite(new)
    d = new[keep] - old[keep]
    if len(d) < 2 or not d.any():
        report(what, True, f"identical over {len(d)} cohorts")
        return
    se = d.std(ddof=1) / math.sqrt(len(d))
    report(what, abs(d.mean()) <= 4 * se,
           f"mean old {old[keep].mean():.5f} new {new[keep].mean():.5f} diff {d.mean():+.2e} (4 SE {4 * se:.2e})")


def mcnemar(what, old, new):
    b, c = int(np.sum(old & ~new)), int(np.sum(~old & new))
    ok = abs(b - c) <= 4 * math.sqrt(b + c) if b + c > 0 else True
    report(what, ok, f"rate old {old.mean():.4f} new {new.mean():.4f}; discordant {b} / {c}")


with h5py.File(sys.argv[1], "r") as f_old, h5py.File(sys.argv[2], "r") as f_new:
    old, new = f_old["cohorts"][()], f_new["cohorts"][()]
    tests = [t.decode() if isinstance(t, bytes) else str(t) for t in f_new.attrs["test_names"]]
    n_landmarks = len(f_new.attrs["landmark_days"])
if len(old) != len(new) or len(new) < 1000:
    sys.exit(f"expected two runs of the same cohorts, got {len(old)} and {len(new)}")
print(f"{len(new)} cohorts, tests {tests}")
paired("relapses per cohort", old["relapses"].astype(float), new["relapses"].astype(float))
for field in ("median_time_to_relapse", "median_time_to_regain"):
    paired(field, old[field], new[field])
for l in range(n_landmarks):
    paired(f"KM at landmark {l}", old["km"][:, l], new["km"][:, l])
for t, name in enumerate(tests):
    paired(f"{name}: p-value", old["p_value"][:, t], new["p_value"][:, t])
    mcnemar(f"{name}: rejects", old["reject"][:, t] == 1, new["reject"][:, t] == 1)
    for twin in ("null", "boundary"):
        if np.isfinite(new[f"{twin}_p_value"][:, t]).any():
            paired(f"{name}: {twin} twin's p-value", old[f"{twin}_p_value"][:, t],
                   new[f"{twin}_p_value"][:, t])
            mcnemar(f"{name}: {twin} twin rejects", old[f"{twin}_reject"][:, t] == 1,
                    new[f"{twin}_reject"][:, t] == 1)
changed = np.mean(np.any(old["p_value"][:, :len(tests)] != new["p_value"][:, :len(tests)], axis=1))
report("the runs differ (the assay is drawn differently)", changed > 0,
       f"in {100 * changed:.2f}% of the cohorts' p-values")
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
