#!/usr/bin/python3
"""Rewrites a copy of a current result file as format 1.MINOR wrote it: without the
attributes, datasets and compound members later versions added, and before 1.7 with 8
slots in every per-landmark and per-test array of /cohorts (docs/output-format.md,
format_version), so that the readers' support of older files is checked (issue 17: the
validation requires of each version only what it had).
Usage: make_old_format.py IN.h5 OUT.h5 MINOR"""
import shutil
import sys

import h5py
import numpy as np

ARM = ("_control", "_experimental")
# minor version -> what it added: (root attributes, datasets, {dataset: member predicate})
ADDED = {
    1: (["target_power"], [], {"summary": lambda n: n.startswith("type_i_error"),
                               "cohorts": lambda n: n in ("null_p_value", "null_reject")}),
    2: (["test_kinds", "test_at_days", "test_null_rates", "test_alternatives", "test_statistics",
         "test_closed_forms", "test_effects"], [],
        {"summary": lambda n: n == "hazard_ratio_quantiles",
         "cohorts": lambda n: n.startswith("hazard_ratio")}),
    3: ([], ["looks"], {"cohorts": lambda n: n.startswith("look_") or n.endswith(("stop_look", "stop_reason"))}),
    4: (["look_test", "two_stage_design", "allocation_ratio"], ["eligibility"],
        {"cohorts": lambda n: n == "eligibility_draws", "patients": lambda n: n == "confirmed",
         "looks": lambda n: n.startswith("day_q")}),
    5: (["scenario_overrides"], ["truth"], {}),
    6: ([], [], {"summary": lambda n: n.endswith(ARM) or ARM[0] + "_" in n or ARM[1] + "_" in n
                 or n.startswith("size_at_boundary"),
                 "cohorts": lambda n: n.endswith(ARM) or n.startswith("boundary_"),
                 "truth": lambda n: n.startswith("boundary_")}),
}


# Format 1.7 stores n_landmarks / n_tests slots in these /cohorts arrays; 1.0-1.6 stored 8,
# NaN (0 for the decisions) past the used ones.
SLOTS_BEFORE_1_7 = 8
WIDENED = ("km", "km_lower", "km_upper", "km_control", "km_experimental", "statistic", "p_value",
           "reject", "null_p_value", "null_reject", "boundary_p_value", "boundary_reject")


def widen_cohort_arrays(f):
    data = f["cohorts"][()]
    fields = []
    for n in data.dtype.names:
        fields.append((n, data.dtype[n].base, (SLOTS_BEFORE_1_7,)) if n in WIDENED else (n, data.dtype[n]))
    old = np.zeros(len(data), dtype=fields)
    for n in data.dtype.names:
        if n not in WIDENED:
            old[n] = data[n]
            continue
        used = data.dtype[n].shape[0]
        old[n][:, used:] = np.nan if data.dtype[n].base.kind == "f" else 0
        old[n][:, :used] = data[n]
    attrs = dict(f["cohorts"].attrs.items())
    del f["cohorts"]
    ds = f.create_dataset("cohorts", data=old)
    for k, v in attrs.items():
        ds.attrs[k] = v


def drop_members(f, name, drop):
    if name not in f:
        return
    data = f[name][()]
    keep = [n for n in data.dtype.names if not drop(n)]
    old = np.zeros(len(data), dtype=[(n, data.dtype[n]) for n in keep])
    for n in keep:
        old[n] = data[n]
    attrs = dict(f[name].attrs.items())
    del f[name]
    ds = f.create_dataset(name, data=old)
    for k, v in attrs.items():
        ds.attrs[k] = v


def main():
    src, dst, minor = sys.argv[1], sys.argv[2], int(sys.argv[3])
    shutil.copyfile(src, dst)
    with h5py.File(dst, "r+") as f:
        if minor < 7:
            widen_cohort_arrays(f)
        for version in range(6, minor, -1):
            attributes, datasets, members = ADDED[version]
            for a in attributes:
                f.attrs.pop(a, None)
            for d in datasets:
                if d in f:
                    del f[d]
            for d, drop in members.items():
                drop_members(f, d, drop)
        if minor < 5 and "axis_labels" in f["design_points"].attrs:
            del f["design_points"].attrs["axis_labels"]
        f.attrs["format_version"] = np.array([1, minor], dtype=np.int32)


if __name__ == "__main__":
    main()
