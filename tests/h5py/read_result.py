#!/usr/bin/python3
"""Reads a jisas-sim result file with h5py and checks the layout documented in
docs/output-format.md. Usage: read_result.py result.h5"""
import sys

import h5py
import numpy as np

COHORT_FIELDS = ["design_point", "cohort", "enrolled", "evaluable", "relapses", "eligibility_draws", "relapse_proportion",
                 "median_follow_up", "median_time_to_relapse", "median_time_to_regain", "km", "km_lower",
                 "km_upper", "statistic", "p_value", "reject", "hazard_ratio", "hazard_ratio_lower",
                 "hazard_ratio_upper", "null_p_value", "null_reject",
                 # Format 1.6: per arm, and the boundary twins.
                 "evaluable_control", "evaluable_experimental", "relapses_control", "relapses_experimental",
                 "median_rfs_control", "median_rfs_experimental", "km_control", "km_experimental",
                 "boundary_p_value", "boundary_reject"]
# Format 1.3: only in files of scenarios with interim looks (analysis.looks).
LOOK_FIELDS = ["stop_look", "stop_reason", "null_stop_look", "null_stop_reason", "look_day", "look_z",
               "look_fraction", "look_efficacy_z", "look_futility_z", "look_patients", "look_events"]
checks, failures = 0, []


def km_at(time, event, t):
    """Kaplan-Meier S(t), the product-limit estimate written out (Kaplan & Meier 1958)."""
    s = 1.0
    for u in np.unique(time[(event == 1) & (time <= t)]):
        at_risk = np.sum(time >= u)
        s *= 1.0 - np.sum((time == u) & (event == 1)) / at_risk
    return s


def check_arms(f, cohorts, landmarks):
    """Format 1.6: the per-arm fields add up to the pooled ones, and each arm's KM equals
    the product-limit estimate of that arm's stored patients (where the stored patients
    are what the analysis saw: their pooled KM equals the cohort's)."""
    check(np.array_equal(cohorts["evaluable_control"] + cohorts["evaluable_experimental"], cohorts["evaluable"]),
          "evaluable = control + experimental")
    check(np.array_equal(cohorts["relapses_control"] + cohorts["relapses_experimental"], cohorts["relapses"]),
          "relapses = control + experimental")
    patients = f["patients"][()]
    compared = 0
    for row in cohorts[: min(len(cohorts), 40)]:
        mine = patients[(patients["design_point"] == row["design_point"]) & (patients["cohort"] == row["cohort"])
                        & (patients["evaluable"] == 1)]
        if len(mine) == 0:
            continue
        pooled = [km_at(mine["time"], mine["relapsed"], t) for t in landmarks]
        if not np.allclose(pooled, row["km"][: len(landmarks)], atol=1e-12, equal_nan=True):
            continue  # an event-driven analysis cut the data earlier than the stored records
        for arm, name in ((0, "control"), (1, "experimental")):
            sel = mine[mine["arm"] == arm]
            expected = [km_at(sel["time"], sel["relapsed"], t) if len(sel) else np.nan for t in landmarks]
            check(np.allclose(expected, row[f"km_{name}"][: len(landmarks)], atol=1e-12, equal_nan=True),
                  f"cohort {row['cohort']}: km_{name} is the arm's product-limit estimate")
        compared += 1
    check(compared > 0 or len(patients) == 0, "per-arm KM compared on at least one stored cohort")


def check(condition, what):
    global checks
    checks += 1
    if not condition:
        failures.append(what)


with h5py.File(sys.argv[1], "r") as f:
    check(f.attrs["filetype"] == "jisas-sim-result", "filetype")
    check(int(f.attrs["format_version"][0]) == 1, "format major version 1")
    check("schema_version: 1" in f.attrs["scenario_yaml"], "scenario YAML stored verbatim")
    for name in ["design_points", "cohorts", "summary", "patients", "measurements", "summary_histograms/km",
                 "summary_histograms/relapse_proportion"]:
        check(name in f, f"dataset {name}")
    cohorts = f["cohorts"][()]
    has_looks = "looks:" in str(f.attrs["scenario_yaml"])
    expected_fields = COHORT_FIELDS + (LOOK_FIELDS if has_looks else [])
    check(list(cohorts.dtype.names) == expected_fields, f"cohort fields {cohorts.dtype.names}")
    check(("looks" in f) == has_looks, "/looks exactly when the scenario has looks")
    points = len(f["design_points"])
    per_point = int(f.attrs["cohorts_per_point"][0])
    check(len(cohorts) == points * per_point, "one row per (design point, cohort)")
    order = cohorts["design_point"].astype(np.int64) * per_point + cohorts["cohort"]
    check(np.array_equal(order, np.arange(len(cohorts))), "rows in (design point, cohort) order")
    ok = cohorts["evaluable"] > 0
    check(np.allclose(cohorts["relapse_proportion"][ok], cohorts["relapses"][ok] / cohorts["evaluable"][ok]),
          "relapse_proportion = relapses / evaluable")
    n_landmarks = int(f["cohorts"].attrs["n_landmarks"][0])
    n_slots = int(f["cohorts"].attrs["n_tests"][0])
    # Format 1.7: one slot per landmark and per test (at least one), none unused.
    check(cohorts.dtype["km"].shape == (max(n_landmarks, 1),) and cohorts.dtype["p_value"].shape
          == (max(n_slots, 1),), "/cohorts arrays hold n_landmarks and n_tests slots")
    km = cohorts["km"][:, :n_landmarks]
    check(np.all((km[~np.isnan(km)] >= 0) & (km[~np.isnan(km)] <= 1)), "KM estimates in [0, 1]")
    check_arms(f, cohorts, f.attrs["landmark_days"])
    summary = f["summary"][()]
    check(np.array_equal(summary["cohorts"], np.full(points, per_point)), "summary cohorts")
    hist = f["summary_histograms/relapse_proportion"][()]
    check(np.array_equal(hist.sum(axis=1), np.sum(~np.isnan(cohorts["relapse_proportion"]).reshape(points, -1), axis=1)),
          "histogram counts every cohort with evaluable patients")
    # Format 1.2: every test has its description record, one entry per test.
    n_tests = len(f.attrs["test_names"])
    for name in ["test_kinds", "test_at_days", "test_null_rates", "test_alternatives", "test_statistics",
                 "test_closed_forms", "test_effects"]:
        check(name in f.attrs and len(f.attrs[name]) == n_tests, f"attribute {name} with one entry per test")
    if "test_alternatives" in f.attrs:
        check(set(f.attrs["test_alternatives"]) <= {"two.sided", "less", "greater"}, "alternatives as R spells them")
        check(set(f.attrs["test_closed_forms"]) <= {"none", "exact_binomial", "landmark_loglog", "one_sample_logrank", "schoenfeld"},
              "closed forms known to summary")
        check(set(f.attrs["test_effects"]) <= {"ifn", "covariate"}, "tested effects")
    check(list(f.attrs["format_version"]) == [1, 7], "format version 1.7")
    # Format 1.5: the grid values as the scenario wrote them, point by point.
    dp = f["design_points"]
    axes = [n for n in dp.dtype.names if n not in ("index", "sample_size")]
    if axes:
        labels = [s.decode() if isinstance(s, bytes) else s for s in dp.attrs["axis_labels"]]
        check(len(labels) == len(axes) * len(dp), "one axis label per point and axis")
    # Format 1.5: the --set overrides beside the scenario text (an empty attribute without).
    check("scenario_overrides" in f.attrs, "attribute scenario_overrides")
    m = f["measurements"][()]
    check(len(m) > 0 and np.all(m["measured_ratio"] >= 0), "measurements present and non-negative")
    # Format 1.4: patients drawn per design point to enrol the eligible ones.
    e, c = f["eligibility"][()], f["cohorts"][()]
    for row in e:
        in_point = c[c["design_point"] == row["design_point"]]
        check(row["drawn"] == in_point["eligibility_draws"].sum() and row["drawn"] >= row["enrolled"],
              f"point {row['design_point']}: /eligibility drawn is the sum over /cohorts")
        check(abs(row["acceptance"] - row["enrolled"] / row["drawn"]) < 1e-12, "acceptance = enrolled / drawn")

for what in failures:
    print("FAILED", what)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
