#!/usr/bin/python3
"""Simulated power of the exact binomial landmark design against its analytic power.

For a one-sided exact test of H0: p = p0 against p > p0 at level alpha with n patients,
the critical value is the smallest c with P(X >= c | p0) <= alpha, and the power at the
true p is P(X >= c | p) (A'Hern 2001, Stat Med 20:859). Each design point's true p is
its kinetics.cure_fraction. Passes if |simulated - analytic| <= 3 MC SE, and, at p = p0,
the simulated rate is at most alpha + 3 MC SE.
With boundary twins (format 1.6), each point's twin is the point with its cure fraction
recalibrated so 41% are relapse-free at 12 months; in this design that rate is the cure
fraction itself, so the calibrated cure fraction must lie within 4 binomial SE of the
truth sample (sqrt(p0 (1 - p0) / truth patients)) of p0, and the twins' rejection rate
(/summary.size_at_boundary) must equal the exact size P(X >= c | n, p_twin) within 3 MC SE.
Usage: check_binomial_power.py result.h5 TEST_NAME"""
import math
import sys

import h5py


def upper_tail(c, n, p):
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(c, n + 1))


def critical_value(n, p0, alpha):
    return next(c for c in range(n + 2) if upper_tail(c, n, p0) <= alpha)


path, test = sys.argv[1:3]
failures = 0
with h5py.File(path, "r") as f:
    t = [str(x) for x in f.attrs["test_names"]].index(test)
    alpha = float(f.attrs["test_alphas"][t])
    yaml = str(f.attrs["scenario_yaml"])
    p0 = float(yaml.split("null_rate:")[1].split(",")[0])
    points = f["design_points"][()]
    for point, row in zip(points, f["summary"][()]):
        n, p = int(point["sample_size"]), float(point["kinetics.cure_fraction"])
        c = critical_value(n, p0, alpha)
        analytic = upper_tail(c, n, p)
        simulated, cohorts = float(row["power"][t]), int(row["cohorts"])
        se = math.sqrt(max(analytic * (1 - analytic), 1e-12) / cohorts)
        ok = abs(simulated - analytic) <= 3 * se and (p != p0 or simulated <= alpha + 3 * se)
        failures += not ok
        print(f"n={n} p={p}: critical value {c}, analytic power {analytic:.4f}, "
              f"simulated {simulated:.4f} (3 SE {3 * se:.4f}) {'ok' if ok else 'OUTSIDE'}")
    if "size_at_boundary" in f["summary"].dtype.names:
        for point, row, truth in zip(points, f["summary"][()], f["truth"][()]):
            n, patients = int(point["sample_size"]), int(truth["patients"])
            p_twin = float(truth["boundary_cure_fraction"][t])
            c = critical_value(n, p0, alpha)
            exact = upper_tail(c, n, p_twin)
            size, cohorts = float(row["size_at_boundary"][t]), int(row["cohorts"])
            se = math.sqrt(exact * (1 - exact) / cohorts)
            calibrated = abs(p_twin - p0) <= 4 * math.sqrt(p0 * (1 - p0) / patients)
            ok = calibrated and abs(size - exact) <= 3 * se
            failures += not ok
            print(f"boundary twin n={n}: cure fraction {p_twin:.5f} (p0 {p0}), exact size "
                  f"{exact:.4f}, simulated {size:.4f} (3 SE {3 * se:.4f}) {'ok' if ok else 'OUTSIDE'}")
    else:
        failures += 1
        print("no /summary.size_at_boundary: boundary twins missing")
print(f"{len(points) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
