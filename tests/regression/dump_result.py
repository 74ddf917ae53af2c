#!/usr/bin/python3
"""Writes the datasets of a jisas-sim result file as text, for the golden regressions.

Usage: dump_result.py RESULT.h5 > golden.txt

Every dataset of the file is printed, one row per line, floats with 17 significant digits
(so equal text means equal bits, NaN aside), fields named in a header line. /patients
and /measurements keep only the first two cohorts of each design point, patients only
their first 40 and measurements those of the first 12 patients: enough to pin every random stream and model path without
committing megabytes. Attributes (times, versions, the scenario text) are not dumped:
the goldens pin results, not provenance.
"""
import sys

import h5py
import numpy as np

KEEP_COHORTS = 2
KEEP_MEASURED_PATIENTS = 12
KEEP_PATIENTS = 40


def fmt(value):
    value = np.asarray(value)
    if value.ndim > 0:
        return "[" + " ".join(fmt(v) for v in value.ravel()) + "]"
    if value.dtype.kind == "f":
        return repr(float(value)) if np.isfinite(value) else str(float(value))
    if value.dtype.kind in "SO":
        item = value.item()
        return item.decode() if isinstance(item, bytes) else str(item)
    return str(value.item())


def keep_row(name, row, fields):
    if name not in ("/patients", "/measurements"):
        return True
    if row["cohort"] >= KEEP_COHORTS:
        return False
    limit = KEEP_PATIENTS if name == "/patients" else KEEP_MEASURED_PATIENTS
    return row["patient"] < limit


def dump(name, dataset, out):
    data = dataset[()]
    out.write(f"== {name} dtype={dataset.dtype.descr if dataset.dtype.names else dataset.dtype} "
              f"shape={dataset.shape}\n")
    if dataset.dtype.names:
        fields = dataset.dtype.names
        out.write(" ".join(fields) + "\n")
        for row in np.atleast_1d(data):
            if keep_row(name, row, fields):
                out.write(" ".join(fmt(row[f]) for f in fields) + "\n")
    else:
        for row in np.atleast_1d(data):
            out.write(fmt(row) + "\n")


def walk(group, prefix, out):
    for key in sorted(group.keys()):
        item = group[key]
        path = f"{prefix}/{key}"
        if isinstance(item, h5py.Dataset):
            dump(path, item, out)
        else:
            walk(item, path, out)


def main(path):
    with h5py.File(path, "r") as f:
        walk(f, "", sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
