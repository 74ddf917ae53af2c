#!/usr/bin/python3
"""A cohort does not depend on how many others run: the rows of a run with fewer
cohorts are bit-identical to the first rows of a run with more (per design point).
Usage: check_prefix.py small.h5 large.h5"""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as small, h5py.File(sys.argv[2], "r") as large:
    n_small = int(small.attrs["cohorts_per_point"][0])
    n_large = int(large.attrs["cohorts_per_point"][0])
    points = len(small["design_points"])
    failures = 0
    for p in range(points):
        a = small["cohorts"][p * n_small:(p + 1) * n_small]
        b = large["cohorts"][p * n_large:p * n_large + n_small]
        if a.tobytes() != b.tobytes():
            failures += 1
            print(f"DIFFERENCE design point {p}: cohort rows differ")
    pa, pb = small["patients"][()], large["patients"][()]
    if pa.tobytes() != pb[: len(pa)].tobytes():
        failures += 1
        print("DIFFERENCE /patients differ")
print(f"{points + 1 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
