#!/usr/bin/python3
"""Checks a run of tests/run/two_stage.yaml against the exact operating characteristics of
its Simon design (issue 14).

Usage: check_two_stage.py result.h5 P0 P1
The design (n1, r1, n, r) is the file's `two_stage_design` attribute; design point 0 has relapse-free probability P0 at the landmark, point 1 P1, exactly
Bernoulli per patient (the yaml's curve is flat from 6 months). Within 3 binomial SE:
- the rejection rate (stop_reason 1) equals Simon's P(reject | p) (Simon 1989, eq. 1);
- the stage-1 stopping rate equals PET(p) = P(X1 <= r1 | p).
Also: the stage-1 count (look_z of look 1) has the Binomial(n1, p) mean within 3 SE.
Prints each comparison and 'N passed, M failed'."""
import math
import sys

import h5py
import numpy as np

checks, failures = 0, []


def compare(what, ours, exact, se):
    global checks
    checks += 1
    ok = abs(ours - exact) <= 3 * se
    print(f"{what:40s} simulated {ours:.4f}  exact {exact:.4f}  3 SE {3 * se:.4f}"
          f"  {'ok' if ok else 'FAILED'}")
    if not ok:
        failures.append(what)


def pmf(k, n, p):
    return math.comb(n, k) * p**k * (1 - p) ** (n - k)


def characteristics(n1, r1, n, r, p):
    """P(reject) and PET for Simon's design (stage 1 X1 > r1, then X1 + X2 > r)."""
    pet = sum(pmf(x, n1, p) for x in range(r1 + 1))
    reject = sum(pmf(x1, n1, p) * sum(pmf(x2, n - n1, p) for x2 in range(max(0, r + 1 - x1), n - n1 + 1))
                 for x1 in range(r1 + 1, n1 + 1))
    return reject, pet


path = sys.argv[1]
rates = [float(sys.argv[2]), float(sys.argv[3])]
with h5py.File(path, "r") as f:
    c = f["cohorts"][()]
    n1, r1, n, r = (int(v) for v in f.attrs["two_stage_design"])
print(f"design n1 = {n1}, r1 = {r1}, n = {n}, r = {r}")
for point, p in enumerate(rates):
    x = c[c["design_point"] == point]
    m = len(x)
    reject, pet = characteristics(n1, r1, n, r, p)
    ours = np.mean(x["stop_reason"] == 1)
    compare(f"point {point} (p = {p}): P(reject)", ours, reject, math.sqrt(reject * (1 - reject) / m))
    ours = np.mean((x["stop_look"] == 1) & (x["stop_reason"] == 2))
    compare(f"point {point} (p = {p}): PET", ours, pet, math.sqrt(pet * (1 - pet) / m))
    counts = x["look_z"][:, 0]
    compare(f"point {point} (p = {p}): mean stage-1 count", counts.mean(), n1 * p,
            math.sqrt(n1 * p * (1 - p) / m))
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
