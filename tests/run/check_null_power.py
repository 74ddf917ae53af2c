#!/usr/bin/python3
"""Checks a test's rejection rate under the null against its alpha, in every design point.

Usage: check_null_power.py result.h5 TEST_NAME {at_most|within} {power|type_i_error}
  at_most: rate <= alpha + 3 MC SE (conservative or exact tests);
  within:  |rate - alpha| <= 3 MC SE;
  power: the design itself is null; type_i_error: the rate in its null twins.
The MC SE is sqrt(alpha (1 - alpha) / cohorts)."""
import math
import sys

import h5py

path, test, mode, field = sys.argv[1:5]
failures = 0
with h5py.File(path, "r") as f:
    names = [str(n) for n in f.attrs["test_names"]]
    t = names.index(test)
    alpha = float(f.attrs["test_alphas"][t])
    for row in f["summary"][()]:
        cohorts = int(row["cohorts"])
        rate = float(row[field][t])
        se = math.sqrt(alpha * (1 - alpha) / cohorts)
        ok = rate <= alpha + 3 * se if mode == "at_most" else abs(rate - alpha) <= 3 * se
        failures += not ok
        print(f"design point {row['design_point']}: {field} {rate:.4f} over {cohorts} cohorts, "
              f"alpha {alpha}, 3 SE {3 * se:.4f}: {'ok' if ok else 'OUTSIDE'}")
    points = len(f["summary"])
print(f"{points - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
