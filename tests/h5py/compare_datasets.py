#!/usr/bin/python3
"""Checks that two jisas-sim result files hold bit-identical datasets.

Usage: compare_datasets.py A.h5 B.h5 [ATTRIBUTE...]
Every dataset (recursively) must exist in both with the same dtype, shape and raw bytes
(NaN payloads included); root attributes must match except created_utc and the
ATTRIBUTEs named (e.g. scenario_yaml when one file ran an edited copy). Prints
'N passed, M failed' and exits non-zero on any difference.
"""
import sys

import h5py
import numpy as np


def datasets(group, prefix=""):
    out = {}
    for name, item in group.items():
        path = f"{prefix}/{name}"
        if isinstance(item, h5py.Dataset):
            out[path] = item
        else:
            out.update(datasets(item, path))
    return out


def raw_bytes(dataset):
    data = dataset[()]
    return np.ascontiguousarray(data).tobytes() if isinstance(data, np.ndarray) else bytes(str(data), "utf8")


def same_value(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind == "f" and y.dtype.kind == "f":
        return x.shape == y.shape and x.tobytes() == y.tobytes()  # NaN equals NaN, bit for bit
    return np.array_equal(x, y)


def main(a_path, b_path, skipped=()):
    failures = []
    checks = 0
    with h5py.File(a_path, "r") as a, h5py.File(b_path, "r") as b:
        da, db = datasets(a), datasets(b)
        checks += 1
        if sorted(da) != sorted(db):
            failures.append(f"dataset names differ: {sorted(da)} vs {sorted(db)}")
        for name in sorted(set(da) & set(db)):
            checks += 1
            x, y = da[name], db[name]
            if x.dtype != y.dtype or x.shape != y.shape or raw_bytes(x) != raw_bytes(y):
                failures.append(f"{name}: contents differ")
        for key in sorted(set(a.attrs) | set(b.attrs)):
            if key == "created_utc" or key in skipped:
                continue
            checks += 1
            if key not in a.attrs or key not in b.attrs or not same_value(a.attrs[key], b.attrs[key]):
                failures.append(f"root attribute {key} differs")
    for f in failures:
        print("DIFFERENCE", f)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
