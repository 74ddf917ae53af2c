#!/usr/bin/python3
"""Damages a copy of a jisas-sim result file or shard in one way, for
tests/run/damaged_result_checks.sh (issue 17): each reader must refuse the copy with one
line naming the file and what is wrong, exit code 2, and write nothing.
Usage: damage_result.py IN.h5 OUT.h5 CASE   (CASE: one of CASES below)"""
import shutil
import sys

import h5py
import numpy as np

from make_old_format import widen_cohort_arrays


def rewrite(f, name, data):
    """Replaces dataset `name` by `data`, keeping its attributes (a contiguous copy)."""
    attrs = {k: v for k, v in f[name].attrs.items()}
    del f[name]
    ds = f.create_dataset(name, data=data)
    for k, v in attrs.items():
        ds.attrs[k] = v


def rename_member(f, name, old, new):
    data = f[name][()]
    data.dtype.names = [new if n == old else n for n in data.dtype.names]
    rewrite(f, name, data)


def retype_member(f, name, member, base):
    data = f[name][()]
    fields = [(n, (base, data.dtype[n].shape) if n == member else data.dtype[n])
              for n in data.dtype.names]
    new = np.zeros(len(data), dtype=fields)
    np.seterr(invalid="ignore")  # NaN power becomes some integer: the damage wanted
    for n in data.dtype.names:
        new[n] = data[n]
    rewrite(f, name, new)


def truth_hazard_ratio_zero(f):
    truth = f["truth"][()]
    truth["hazard_ratio"] = 0.0
    rewrite(f, "truth", truth)


CASES = {
    # attribute arrays shorter or longer than the names they belong to
    "short_alphas": lambda f: f.attrs.__setitem__("test_alphas", f.attrs["test_alphas"][:1]),
    "long_landmark_days": lambda f: f.attrs.__setitem__(
        "landmark_days", np.append(f.attrs["landmark_days"], 400.0)),
    # shard attribute: text, N = 0, k >= N
    "text_shard": lambda f: f.attrs.__setitem__("shard", "0/2"),
    "zero_shard": lambda f: f.attrs.__setitem__("shard", np.array([0, 0], dtype=np.int32)),
    "shard_k_past_n": lambda f: f.attrs.__setitem__("shard", np.array([2, 2], dtype=np.int32)),
    # compound members renamed or of the wrong type
    "cohorts_member": lambda f: rename_member(f, "cohorts", "p_value", "p_valuf"),
    "summary_member": lambda f: rename_member(f, "summary", "power", "powex"),
    "summary_member_type": lambda f: retype_member(f, "summary", "power", np.int32),
    # a 1.7 file whose /cohorts arrays have the 8 slots of 1.6
    "cohorts_slots": widen_cohort_arrays,
    # wrong attribute type, wrong row count, wrong histogram shape, an impossible value
    "cohorts_per_point_float": lambda f: f.attrs.__setitem__(
        "cohorts_per_point", np.array([40.0])),
    "summary_rows": lambda f: rewrite(f, "summary", np.concatenate(
        [f["summary"][()], f["summary"][()][:1]])),
    "histogram_shape": lambda f: rewrite(
        f, "summary_histograms/km", f["summary_histograms/km"][()][:, :1, :]),
    "alpha_above_one": lambda f: f.attrs.__setitem__(
        "test_alphas", np.full(len(f.attrs["test_names"]), 1.5)),
    # a hazard ratio of zero, which Schoenfeld's closed form takes the log of
    "truth_hazard_ratio_zero": truth_hazard_ratio_zero,
}


def main():
    src, dst, case = sys.argv[1:4]
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        CASES[case](f)


if __name__ == "__main__":
    main()
