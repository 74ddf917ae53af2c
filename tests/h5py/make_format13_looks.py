#!/usr/bin/python3
"""Rewrites a result file's /looks as format 1.3 wrote it (without the day quantiles of 1.4),
its /cohorts arrays with the 8 slots of formats before 1.7, and marks the file 1.3, so
`summary` can be checked on an older file.
Usage: make_format13_looks.py IN.h5 OUT.h5"""
import shutil
import sys

import h5py
import numpy as np

from make_old_format import widen_cohort_arrays

src, dst = sys.argv[1], sys.argv[2]
shutil.copyfile(src, dst)
with h5py.File(dst, "r+") as f:
    looks = f["looks"][()]
    names = [n for n in looks.dtype.names if not n.startswith("day_q")]
    old = np.zeros(len(looks), dtype=[(n, looks.dtype[n]) for n in names])
    for n in names:
        old[n] = looks[n]
    del f["looks"]
    f.create_dataset("looks", data=old)
    widen_cohort_arrays(f)
    f.attrs["format_version"] = np.array([1, 3], dtype=np.int32)
