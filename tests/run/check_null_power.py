#!/usr/bin/python3
"""Under a null scenario the landmark test's rejection rate must not exceed alpha by
more than 3 Monte Carlo standard errors (sqrt(alpha (1 - alpha) / cohorts)).
Usage: check_null_power.py result.h5"""
import math
import sys

import h5py

with h5py.File(sys.argv[1], "r") as f:
    alpha = float(f.attrs["test_alphas"][0])
    row = f["summary"][0]
    cohorts = int(row["cohorts"])
    power = float(row["power"][0])
    km_median = float(row["km_quantiles"][0][3])
bound = alpha + 3 * math.sqrt(alpha * (1 - alpha) / cohorts)
ok = power <= bound
print(f"rejection rate {power:.4f} over {cohorts} cohorts, bound {bound:.4f} (alpha {alpha}); "
      f"median KM at 12 months {km_median:.3f}")
print(f"{int(ok)} passed, {int(not ok)} failed")
sys.exit(0 if ok else 1)
