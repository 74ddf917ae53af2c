#!/usr/bin/python3
"""Figures for a trial protocol from a jisas-sim result file (docs/output-format.md).

Usage: plot_results.py RESULT.h5 -o OUTDIR [--format png,svg] [--target-power 0.8]
                       [--design-point 0]
Writes, as PNG (150 dpi, 1200 x 750 pixels) and SVG:
  power_vs_sample_size     rejection rate per test against sample size, 95% MC error bars
  km_curves                simulated Kaplan-Meier curves of stored cohorts, pooled curve
                           with its log-log band
  relapse_proportion_histogram, km_landmark_histogram
  bcr_abl_trajectories     BCR-ABL/ABL (IS) of sample patients on a log scale
Exit code 2, with one line on stderr, for a missing or foreign file.
"""
import argparse
import math
import os
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

DAYS_PER_MONTH = 365.25 / 12
FIGSIZE = (8, 5)
DPI = 150


def fail(message):
    print(f"plot_results.py: error: {message}", file=sys.stderr)
    sys.exit(2)


def open_result(path):
    if not os.path.exists(path):
        fail(f"{path}: cannot open file: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError:
        fail(f"{path}: not a jisas-sim result file (not readable as HDF5)")
    if f.attrs.get("filetype") != "jisas-sim-result" or int(f.attrs["format_version"][0]) != 1:
        fail(f"{path}: not a jisas-sim result file of format 1.x")
    return f


def subtitle(f):
    return f"{f.attrs['scenario_name']}: {int(f.attrs['cohorts_per_point'][0])} cohorts per design point"


def save(fig, outdir, name, formats):
    written = []
    for fmt in formats:
        path = os.path.join(outdir, f"{name}.{fmt}")
        fig.savefig(path, dpi=DPI, format=fmt)
        written.append(path)
    plt.close(fig)
    return written


def other_axes_label(points, index):
    names = [n for n in points.dtype.names if n not in ("index", "sample_size", "design.sample_size")]
    return ", ".join(f"{n.split('.')[-1]}={points[index][n]:g}" for n in names) or "design"


def test_label(f, t):
    """The test's name with its alpha and sidedness (format 1.2 records the sidedness)."""
    name, alpha = str(f.attrs["test_names"][t]), float(f.attrs["test_alphas"][t])
    sides = f.attrs.get("test_alternatives")
    if sides is None or t >= len(sides):
        return f"{name}, alpha {alpha:g}"
    side = "two-sided" if str(sides[t]) == "two.sided" else f"one-sided, {sides[t]}"
    return f"{name}, alpha {alpha:g} {side}"


def power_figure(f, target):
    points, summary = f["design_points"][()], f["summary"][()]
    fig, ax = plt.subplots(figsize=FIGSIZE)
    for t in range(len(f.attrs["test_names"])):
        test = test_label(f, t)
        groups = {}
        for i in range(len(points)):
            groups.setdefault(other_axes_label(points, i), []).append(i)
        for label, rows in groups.items():
            rows = sorted(rows, key=lambda i: points[i]["sample_size"])
            n = [points[i]["sample_size"] for i in rows]
            power = [summary[i]["power"][t] for i in rows]
            err = [1.96 * summary[i]["power_se"][t] for i in rows]
            ax.errorbar(n, power, yerr=err, marker="o", capsize=3, label=f"{test} ({label})")
    ax.axhline(target, color="grey", linestyle="--", label=f"target {target:g}")
    ax.set(xlabel="patients enrolled", ylabel="power (rejection rate)", ylim=(0, 1.02),
           title="Power against sample size (error bars: 95% Monte Carlo interval)")
    ax.legend(fontsize=7)
    fig.suptitle(subtitle(f), fontsize=9, y=0.99)
    return fig


def kaplan_meier(time, event):
    """Kaplan-Meier with Greenwood's variance of the cumulative hazard, events first at ties."""
    order = np.lexsort((-event, time))
    time, event = time[order], event[order]
    times, surv, var = [0.0], [1.0], [0.0]
    at_risk, s, g = len(time), 1.0, 0.0
    for t in np.unique(time):
        d = int(np.sum(event[time == t]))
        if d > 0:
            s *= 1 - d / at_risk
            g += d / (at_risk * (at_risk - d)) if at_risk > d else math.inf
            times.append(t), surv.append(s), var.append(g)
        at_risk -= int(np.sum(time == t))
    if len(time) and time.max() > times[-1]:  # the curve runs to the last observation
        times.append(float(time.max())), surv.append(s), var.append(g)
    return np.array(times), np.array(surv), np.array(var)


def km_figure(f, point):
    p = f["patients"][()]
    p = p[(p["design_point"] == point) & (p["evaluable"] == 1)]
    fig, ax = plt.subplots(figsize=FIGSIZE)
    for c in np.unique(p["cohort"])[:10]:
        q = p[p["cohort"] == c]
        t, s, _ = kaplan_meier(q["time"] / DAYS_PER_MONTH, q["relapsed"].astype(int))
        ax.step(t, s, where="post", color="grey", linewidth=0.7, alpha=0.7)
    t, s, v = kaplan_meier(p["time"] / DAYS_PER_MONTH, p["relapsed"].astype(int))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = 1.96 * np.sqrt(v) / np.log(s)  # log-log limits (Kalbfleisch & Prentice)
        lower = np.where((s > 0) & (s < 1), np.exp(-np.exp(np.log(-np.log(s)) - half)), s)
        upper = np.where((s > 0) & (s < 1), np.exp(-np.exp(np.log(-np.log(s)) + half)), s)
    ax.fill_between(t, lower, upper, step="post", alpha=0.25, label="pooled 95% band")
    ax.step(t, s, where="post", linewidth=2.2, color="C0", label=f"pooled ({len(p)} patients)")
    ax.plot([], [], color="grey", label="single cohorts")
    ax.set(xlabel="months since imatinib stop", ylabel="molecular relapse-free survival",
           ylim=(0, 1.02), title=f"Simulated Kaplan-Meier curves, design point {point}")
    ax.legend()
    fig.suptitle(subtitle(f), fontsize=9, y=0.99)
    return fig


def histogram_figure(f, counts, edges, label, title):
    fig, ax = plt.subplots(figsize=FIGSIZE)
    points = f["design_points"][()]
    for i in range(counts.shape[0]):
        ax.stairs(counts[i], edges, linewidth=1.6, color=f"C{i % 10}",
                  label=f"n={points[i]['sample_size']}, {other_axes_label(points, i)}")
    ax.set(xlabel=label, ylabel="cohorts", title=title)
    ax.legend(fontsize=7)
    fig.suptitle(subtitle(f), fontsize=9, y=0.99)
    return fig


def trajectories_figure(f, point):
    m = f["measurements"][()]
    m = m[(m["design_point"] == point) & (m["cohort"] == 0)]
    fig, ax = plt.subplots(figsize=FIGSIZE)
    floor = 1e-5  # percent: where undetectable tests are drawn, below any model level
    for k, patient in enumerate(np.unique(m["patient"])[:8]):
        q = m[m["patient"] == patient]
        months = q["day"] / DAYS_PER_MONTH
        color = f"C{k}"
        ax.plot(months, np.maximum(q["true_ratio"] * 100, floor), color=color, linewidth=0.8)
        seen = q["measured_ratio"] > 0
        ax.plot(months[seen], q["measured_ratio"][seen] * 100, "o", color=color, markersize=4)
        ax.plot(months[~seen], np.full((~seen).sum(), floor), "o", mfc="none", color=color, markersize=4)
        resumed = np.flatnonzero(q["on_im"] == 1)
        if resumed.size:  # IM restarts at the confirming visit, the one before on_im turns 1
            ax.axvline(months[max(resumed[0] - 1, 0)], color=color, linestyle=":", linewidth=0.8)
    ax.axhline(0.1, color="red", linestyle="--", label="MMR (0.1% IS)")
    ax.plot([], [], "o", mfc="none", color="black", label="undetectable (drawn at 0.00001%)")
    ax.plot([], [], ":", color="black", label="imatinib resumed")
    ax.set_yscale("log")
    ax.set(xlabel="months since imatinib stop", ylabel="BCR-ABL/ABL (% IS)",
           title=f"BCR-ABL of sample patients (design point {point}, cohort 0): lines true, dots measured")
    ax.legend(fontsize=7)
    fig.suptitle(subtitle(f), fontsize=9, y=0.99)
    return fig


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result")
    parser.add_argument("-o", "--outdir", required=True)
    parser.add_argument("--format", default="png,svg")
    parser.add_argument("--target-power", type=float, default=0.8)
    parser.add_argument("--design-point", type=int, default=0)
    args = parser.parse_args()
    formats = [x for x in args.format.split(",") if x]
    f = open_result(args.result)
    os.makedirs(args.outdir, exist_ok=True)
    hist = f["summary_histograms"]
    # The landmark of the first landmark test, else the first landmark.
    days = list(f.attrs["landmark_days"])
    tested = [d for d in f.attrs.get("test_at_days", []) if not math.isnan(d) and d in days]
    li = days.index(tested[0]) if tested else 0
    landmark = str(f.attrs["landmark_names"][li]) if len(days) else "landmark"
    figures = {
        "power_vs_sample_size": power_figure(f, args.target_power),
        "km_curves": km_figure(f, args.design_point),
        "relapse_proportion_histogram": histogram_figure(
            f, hist["relapse_proportion"][()], hist.attrs["edges"], "relapse proportion (evaluable patients)",
            "Relapse proportion across simulated cohorts"),
        "km_landmark_histogram": histogram_figure(
            f, hist["km"][()][:, li, :], hist.attrs["edges"], f"Kaplan-Meier relapse-free survival at {landmark}",
            f"Kaplan-Meier estimate at {landmark} across simulated cohorts"),
        "bcr_abl_trajectories": trajectories_figure(f, args.design_point),
    }
    for name, fig in figures.items():
        for path in save(fig, args.outdir, name, formats):
            print(path)


if __name__ == "__main__":
    main()
