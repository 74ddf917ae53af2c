#!/usr/bin/python3
"""What h5py reads from a result file, as JSON for tests/r/read_with_hdf5r.R: the values the
R reading example of docs/output-format.md must reproduce with hdf5r.
Usage: hdf5r_reference.py RESULT.h5 OUT.json"""
import json
import sys

import h5py

result, out = sys.argv[1:3]
with h5py.File(result, "r") as f:
    cohorts, summary = f["cohorts"][()], f["summary"][()]
    landmarks = len(f.attrs["landmark_days"])
    reference = {
        "rows": len(cohorts),
        "landmarks": landmarks,
        "relapses": cohorts["relapses"].tolist(),
        "km": cohorts["km"][:, :landmarks].tolist(),  # past the landmarks: NaN, not JSON
        "power": summary["power"][:, 0].tolist(),
        "km_quantiles": summary["km_quantiles"][:, :landmarks, :].tolist(),  # [row][landmark][q]
    }
with open(out, "w") as f:
    json.dump(reference, f)
