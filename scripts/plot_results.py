#!/usr/bin/python3
"""Figures for a trial protocol from a jisas-sim result file (docs/output-format.md).

Usage: plot_results.py RESULT.h5 -o OUTDIR [--format png,svg] [--target-power 0.8]
                       [--design-point 0] [--force]
Writes, as PNG (150 dpi, 1200 x 750 pixels) and SVG:
  power_vs_sample_size     rejection rate per test against sample size, 95% MC error bars;
                           against the grid's first axis when the sample size is not one
                           (e.g. the IFN hazard ratio), one point per design point without
                           any axis
  km_curves                simulated Kaplan-Meier curves of stored cohorts, pooled curve
                           with its log-log band
  relapse_proportion_histogram, km_landmark_histogram
  bcr_abl_trajectories     BCR-ABL/ABL (IS) of sample patients on a log scale
  interim_looks            only for files with interim looks (/looks, format 1.3): z paths of
                           sample cohorts over the information fraction, median boundaries,
                           stopping probabilities per look and the sequential power
km_curves and bcr_abl_trajectories need stored patients (output.patients.cohorts > 0);
without them they are left out with one note on stderr.
Existing figures are replaced only with --force; otherwise nothing is written. Figures are
written to temporary files and renamed when all are drawn, never half a set.
Every error is one line on stderr: exit code 2 for bad input (a missing or foreign file,
a missing dataset, an unknown format, existing figures, an unwritable directory), 70 for
an internal error of this script.
"""
import argparse
import math
import os
import sys

try:
    import h5py
    import matplotlib
    import numpy as np
except ImportError as e:  # before anything else, so that even this is one line
    print(f"plot_results.py: error: {e} (install python3-h5py python3-matplotlib)", file=sys.stderr)
    sys.exit(2)

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

DAYS_PER_MONTH = 365.25 / 12
FIGSIZE = (8, 5)
DPI = 150


EXIT_INPUT, EXIT_INTERNAL = 2, 70  # the project's exit codes (engine/errors.h)
# What every figure reads; a file without them is refused before anything is drawn.
REQUIRED_DATASETS = ("design_points", "summary", "summary_histograms/relapse_proportion",
                     "summary_histograms/km")
REQUIRED_ATTRIBUTES = ("scenario_name", "cohorts_per_point", "test_names", "test_alphas",
                       "landmark_days", "landmark_names")
NO_PATIENTS = "run with output.patients.cohorts > 0"


class InputProblem(Exception):
    """Something the user can fix (the file, the options): one line, exit code 2."""


def fail(message, code=EXIT_INPUT):
    print(f"plot_results.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def open_result(path):
    if not os.path.exists(path):
        raise InputProblem(f"{path}: cannot open file: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError:
        raise InputProblem(f"{path}: not a jisas-sim result file (not readable as HDF5)") from None
    version = f.attrs.get("format_version")
    if f.attrs.get("filetype") != "jisas-sim-result" or version is None or int(version[0]) != 1:
        raise InputProblem(f"{path}: not a jisas-sim result file of format 1.x")
    check_complete(f, path)
    return f


def array_attr(f, name, missing=KeyError):
    """A root attribute with one entry per test or landmark. A scenario without tests or
    landmarks stores it empty (HDF5's null dataspace), which h5py reads as h5py.Empty, with
    no len() and no entries: returned as an empty array. An absent attribute raises
    KeyError, or returns `missing` when one is given."""
    if name not in f.attrs:
        if missing is KeyError:
            raise KeyError(name)
        return missing
    value = f.attrs[name]
    return np.array([]) if isinstance(value, h5py.Empty) else value


def check_complete(f, path):
    """Names the first missing dataset or attribute, rather than failing in a figure."""
    for name in REQUIRED_DATASETS + (("cohorts",) if "looks" in f else ()):
        if name not in f:
            raise InputProblem(f"{path}: no /{name} dataset (an incomplete or damaged result file)")
    for name in REQUIRED_ATTRIBUTES:
        if name not in f.attrs:
            raise InputProblem(f"{path}: no root attribute {name} (an incomplete or damaged result file)")


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


def other_axes_label(points, index, skip=()):
    names = [n for n in points.dtype.names
             if n not in ("index", "sample_size", "design.sample_size") + tuple(skip)]
    return ", ".join(f"{n.split('.')[-1]}={points[index][n]:g}" for n in names) or "design"


def power_axis(points):
    """The power plot's x: the sample size when the grid varies it (it is always a field,
    `design.sample_size` only when it is an axis), else the first axis that varies (a grid
    over the IFN hazard ratio alone), else None: one design point, or points that differ in
    nothing numeric, drawn one beside the other."""
    varying = [n for n in points.dtype.names
               if n not in ("index", "design.sample_size") and len(np.unique(points[n])) > 1]
    return varying[0] if varying else None


def test_label(f, t):
    """The test's name with its alpha and sidedness (format 1.2 records the sidedness)."""
    name, alpha = str(array_attr(f, "test_names")[t]), float(array_attr(f, "test_alphas")[t])
    sides = array_attr(f, "test_alternatives", None)
    if sides is None or t >= len(sides):
        return f"{name}, alpha {alpha:g}"
    side = "two-sided" if str(sides[t]) == "two.sided" else f"one-sided, {sides[t]}"
    return f"{name}, alpha {alpha:g} {side}"


def power_curves(ax, f, points, summary, axis):
    """One line per test and combination of the other axes, along `axis`."""
    groups = {}
    for i in range(len(points)):
        groups.setdefault(other_axes_label(points, i, skip=(axis,)), []).append(i)
    for t in range(len(array_attr(f, "test_names"))):
        for label, rows in groups.items():
            rows = sorted(rows, key=lambda i: points[i][axis])
            err = [1.96 * summary[i]["power_se"][t] for i in rows]
            ax.errorbar([points[i][axis] for i in rows], [summary[i]["power"][t] for i in rows],
                        yerr=err, marker="o", capsize=3,
                        label=test_label(f, t) + (f" ({label})" if len(groups) > 1 else ""))


def power_points(ax, f, points, summary):
    """Without a varying axis: each design point at its own place, the tests side by side."""
    tests = len(array_attr(f, "test_names"))
    for t in range(tests):
        x = np.arange(len(points)) + 0.1 * (t - (tests - 1) / 2)
        ax.errorbar(x, summary["power"][:, t], yerr=1.96 * summary["power_se"][:, t], marker="o",
                    linestyle="none", capsize=3, label=test_label(f, t))
    ax.set_xticks(range(len(points)), [f"{i} (n={points[i]['sample_size']})" for i in range(len(points))])
    ax.set_xlim(-0.6, len(points) - 0.4)


def power_figure(f, target):
    points, summary = f["design_points"][()], f["summary"][()]
    axis = power_axis(points)
    fig, ax = plt.subplots(figsize=FIGSIZE)
    if axis is None:
        power_points(ax, f, points, summary)
        xlabel, against = "design point (patients enrolled)", "per design point"
    else:
        power_curves(ax, f, points, summary, axis)
        xlabel = "patients enrolled" if axis == "sample_size" else axis
        against = ("against sample size" if axis == "sample_size"  # else the grid keeps n fixed
                   else f"against {axis.split('.')[-1]}, n = {points[0]['sample_size']}")
    ax.axhline(target, color="grey", linestyle="--", label=f"target {target:g}")
    ax.set(xlabel=xlabel, ylabel="power (rejection rate)", ylim=(0, 1.02),
           title=f"Power {against} (error bars: 95% Monte Carlo interval)")
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


def km_with_band(ax, p, color, label):
    """The Kaplan-Meier curve of the patients `p` (all stored cohorts together) with its 95%
    log-log band (Kalbfleisch & Prentice)."""
    t, s, v = kaplan_meier(p["time"] / DAYS_PER_MONTH, p["relapsed"].astype(int))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = 1.96 * np.sqrt(v) / np.log(s)
        lower = np.where((s > 0) & (s < 1), np.exp(-np.exp(np.log(-np.log(s)) - half)), s)
        upper = np.where((s > 0) & (s < 1), np.exp(-np.exp(np.log(-np.log(s)) + half)), s)
    ax.fill_between(t, lower, upper, step="post", alpha=0.25, color=color, label=f"{label} 95% band")
    ax.step(t, s, where="post", linewidth=2.2, color=color, label=f"{label} ({len(p)} patients)")


def km_figure(f, point):
    p = f["patients"][()]
    p = p[(p["design_point"] == point) & (p["evaluable"] == 1)]
    fig, ax = plt.subplots(figsize=FIGSIZE)
    for c in np.unique(p["cohort"])[:10]:
        q = p[p["cohort"] == c]
        t, s, _ = kaplan_meier(q["time"] / DAYS_PER_MONTH, q["relapsed"].astype(int))
        ax.step(t, s, where="post", color="grey", linewidth=0.7, alpha=0.7)
    # Randomized designs (allocation_ratio, format 1.4): one curve per arm, not the pooled.
    if "allocation_ratio" in f.attrs:
        km_with_band(ax, p[p["arm"] == 0], "C0", "control arm")
        km_with_band(ax, p[p["arm"] == 1], "C1", "experimental (IFN) arm")
    else:
        km_with_band(ax, p, "C0", "pooled")
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


STOP_REASONS = {1: ("efficacy", "C2"), 2: ("futility", "C3"), 3: ("final, H0 kept", "C7")}
LOOK_PATHS = 40  # cohorts whose z paths are drawn per design point
LOOK_PANELS = 4


def sequential_test(f):
    """Index of the test the looks are about: the `look_test` attribute (format 1.4), else
    `analysis.sequential.test` in the stored scenario text; the first test if both fail."""
    names = [str(n) for n in array_attr(f, "test_names")]
    try:
        if "look_test" in f.attrs:
            return names.index(str(np.atleast_1d(f.attrs["look_test"])[0]))
        import yaml
        name = yaml.safe_load(str(f.attrs["scenario_yaml"]))["analysis"]["sequential"]["test"]
        return names.index(str(name))
    except Exception:  # noqa: BLE001 -- a label only; never fail the other figures for it
        return 0


def look_paths(ax, c):
    """The z trajectories of the first cohorts up to the look where each stopped, coloured by
    why it stopped, so the reader sees how paths cross the bounds."""
    for row in c[:LOOK_PATHS]:
        k = int(row["stop_look"])
        x, z = row["look_fraction"][:k], row["look_z"][:k]
        ok = np.isfinite(x) & np.isfinite(z)  # a look that decided nothing has no fraction
        color = STOP_REASONS.get(int(row["stop_reason"]), ("", "black"))[1]
        ax.plot(x[ok], z[ok], color=color, linewidth=0.6, alpha=0.6, marker=".", markersize=2)


def median_bounds(c, field):
    """Per look, the median bound over the cohorts that computed a finite one (-inf: no
    futility bound), at their median information fraction: each cohort's bounds are
    recomputed at its own fractions, so there is no single boundary to draw."""
    xs, ys = [], []
    for k in range(c[field].shape[1]):
        b = c[field][:, k]
        use = np.isfinite(b) & np.isfinite(c["look_fraction"][:, k])
        if use.any():
            xs.append(np.median(c["look_fraction"][use, k]))
            ys.append(np.median(b[use]))
    return np.array(xs), np.array(ys)


def look_stopping_text(ax, looks, xs, futility):
    """Stopping probabilities per look (from /looks) at the top (efficacy) and bottom
    (futility) of each look, so the panel reads as the operating characteristics table;
    alternate looks are staggered so that close looks do not overwrite each other."""
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for i, (row, x) in enumerate(zip(looks, xs)):
        step = 0.065 * (i % 2)
        ax.text(x, 0.98 - step, f"eff {row['stop_efficacy']:.2f}", transform=top, ha="center",
                va="top", fontsize=6, color="darkgreen")
        if futility and not row["final"]:
            ax.text(x, 0.02 + step, f"fut {row['stop_futility']:.2f}", transform=top, ha="center",
                    va="bottom", fontsize=6, color="darkred")


def look_panel(ax, f, point, two_sided):
    """One design point: paths, median bounds, stopping probabilities, power in the title."""
    c = f["cohorts"][()]
    c = c[c["design_point"] == point]
    looks = f["looks"][()]
    looks = np.sort(looks[looks["design_point"] == point], order="look")
    look_paths(ax, c)
    ex, ey = median_bounds(c, "look_efficacy_z")
    fx, fy = median_bounds(c, "look_futility_z")
    ax.plot(ex, ey, "-o", color="darkgreen", linewidth=1.6, markersize=4)
    if two_sided:
        ax.plot(ex, -ey, "--o", color="darkgreen", linewidth=1.0, markersize=3)
    if len(fx):
        ax.plot(fx, fy, "-s", color="darkred", linewidth=1.6, markersize=4)
    ax.axhline(0, color="black", linewidth=0.5)
    fractions = [c["look_fraction"][:, int(r["look"]) - 1] for r in looks]
    xs = [np.median(x[np.isfinite(x)]) if np.isfinite(x).any() else np.nan for x in fractions]
    look_stopping_text(ax, looks, xs, futility=len(fx) > 0)
    z = c["look_z"][:LOOK_PATHS][np.isfinite(c["look_z"][:LOOK_PATHS])]
    z = np.percentile(z, [1, 99]) if len(z) else []  # +-inf or outlying z must not squash the rest
    span = np.concatenate([z, ey, fy, -ey if two_sided else [], [0.0]])
    pad = 0.3 * (span.max() - span.min()) + 0.3  # room for the probabilities at top and bottom
    ax.set(xlim=(0, 1.1), ylim=(span.min() - pad, span.max() + pad))
    power = looks["cumulative_rejection"][-1]
    points = f["design_points"][()]
    label = ", ".join(x for x in (f"n={points[point]['sample_size']}", other_axes_label(points, point))
                      if x != "design")  # other_axes_label's placeholder when there is no grid
    ax.set_title(f"point {point}, {label}: power {power:.3f}", fontsize=8)
    ax.tick_params(labelsize=7)


def looks_figure(f):
    """Interim looks of the group-sequential design (format 1.3): how the cohorts' z moves
    with information against the bounds, and where the trials stop."""
    t = sequential_test(f)
    sides = array_attr(f, "test_alternatives", None)
    two_sided = sides is not None and t < len(sides) and str(sides[t]) == "two.sided"
    points = [int(p) for p in np.unique(f["looks"]["design_point"])][:LOOK_PANELS]
    rows, cols = (1, len(points)) if len(points) <= 2 else (2, 2)
    fig, axes = plt.subplots(rows, cols, figsize=FIGSIZE, squeeze=False, sharex=True)
    for ax, point in zip(axes.flat, points):
        look_panel(ax, f, point, two_sided)
    for ax in axes.flat[len(points):]:
        ax.set_visible(False)
    name = str(array_attr(f, "test_names")[t])
    for ax in axes[-1]:
        ax.set_xlabel("information fraction I_k / I_final", fontsize=8)
    for ax in axes[:, 0]:
        if "two_stage_design" in f.attrs:  # counts, not z (docs/output-format.md)
            ax.set_ylabel(f"{name}: relapse-free at the landmark\n(two-stage: count, bounds r1, r + 1)",
                          fontsize=8)
        else:
            ax.set_ylabel(f"z of {name} (> 0: relapse-free\nsurvival better than H0)", fontsize=8)
    handles = [Line2D([], [], color=col, linewidth=1, label=f"z path, stopped: {why}")
               for why, col in STOP_REASONS.values()]
    handles += [Line2D([], [], color="darkgreen", marker="o", label=(
                    "efficacy bound (median over cohorts; recomputed per cohort at its information)"
                    + ("; dashed: lower" if two_sided else ""))),
                Line2D([], [], color="darkred", marker="s", label=(
                    "futility bound (median over cohorts; recomputed per cohort at its information)"))]
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=6, frameon=False)
    fig.suptitle(f"{subtitle(f)}; z paths of the first {LOOK_PATHS} cohorts\n"
                 f"Interim looks, {test_label(f, t)}; eff/fut: proportion of cohorts stopping there",
                 fontsize=9, y=0.99)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.85 if rows == 1 else 0.86, bottom=0.2,
                        hspace=0.35, wspace=0.25)
    return fig


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result")
    parser.add_argument("-o", "--outdir", required=True)
    parser.add_argument("--format", default="png,svg")
    parser.add_argument("--target-power", type=float, default=0.8)
    parser.add_argument("--design-point", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="replace existing figures")
    return parser.parse_args()


def check_options(f, args):
    """Unknown formats and design points are refused before anything is drawn (matplotlib
    would otherwise fail on the first savefig, after some figures were drawn)."""
    formats = [x for x in args.format.split(",") if x]
    fig = plt.figure()
    supported = fig.canvas.get_supported_filetypes()
    plt.close(fig)
    unknown = [x for x in formats if x not in supported]
    if not formats or unknown:
        raise InputProblem(f"--format: unknown format '{','.join(unknown)}' "
                           f"(known: {', '.join(sorted(supported))})")
    points = len(f["design_points"])
    if not 0 <= args.design_point < points:
        raise InputProblem(f"--design-point: {args.design_point} is not a design point (0 to {points - 1})")
    return formats


def stored(f, name, point):
    """Whether /patients or /measurements holds rows of the design point (absent or empty
    when the scenario stored no patients)."""
    return name in f and f[name].shape[0] > 0 and bool(np.any(f[name]["design_point"] == point))


def histogram_figures(f):
    """The two histograms, at the landmark of the first landmark test (else the first)."""
    hist = f["summary_histograms"]
    days = list(array_attr(f, "landmark_days"))
    tested = [d for d in array_attr(f, "test_at_days", []) if not math.isnan(d) and d in days]
    li = days.index(tested[0]) if tested else 0
    figures = {
        "relapse_proportion_histogram": lambda: histogram_figure(
            f, hist["relapse_proportion"][()], hist.attrs["edges"], "relapse proportion (evaluable patients)",
            "Relapse proportion across simulated cohorts"),
    }
    if days:  # a scenario without landmarks has no Kaplan-Meier histogram
        landmark = str(array_attr(f, "landmark_names")[li])
        figures["km_landmark_histogram"] = lambda: histogram_figure(
            f, hist["km"][()][:, li, :], hist.attrs["edges"], f"Kaplan-Meier relapse-free survival at {landmark}",
            f"Kaplan-Meier estimate at {landmark} across simulated cohorts")
    return figures


def figure_plan(f, args):
    """The figures to draw (name -> function drawing it, in the order written) and the
    per-patient ones left out because the file stored no patients for the design point."""
    point = args.design_point
    patients, measurements = stored(f, "patients", point), stored(f, "measurements", point)
    plan = {}
    if len(array_attr(f, "test_names")):  # a scenario without tests has no power to draw
        plan["power_vs_sample_size"] = lambda: power_figure(f, args.target_power)
    if patients:
        plan["km_curves"] = lambda: km_figure(f, point)
    plan.update(histogram_figures(f))
    if measurements:
        plan["bcr_abl_trajectories"] = lambda: trajectories_figure(f, point)
    if "looks" in f:  # format 1.3, a scenario with interim looks; other files have none
        plan["interim_looks"] = lambda: looks_figure(f)
    skipped = [n for n, ok in (("km_curves", patients), ("bcr_abl_trajectories", measurements)) if not ok]
    return plan, skipped


def refuse_existing(paths):
    """Without --force nothing is replaced, and nothing is written: not a mixed set of old and
    new figures."""
    existing = [p for p in paths if os.path.exists(p)]
    if existing:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise InputProblem(f"{existing[0]} exists{more}: use --force to replace the figures")


def write_figures(plan, outdir, formats):
    """Draws each figure into a temporary file beside its target and renames them all only
    when every one is written: a failure leaves the directory as it was."""
    pending = []
    try:
        for name, draw in plan.items():
            fig = draw()
            for fmt in formats:
                pending.append((os.path.join(outdir, f".{name}.{fmt}.tmp-{os.getpid()}"),
                                os.path.join(outdir, f"{name}.{fmt}")))
                try:
                    fig.savefig(pending[-1][0], dpi=DPI, format=fmt)
                except OSError as e:  # named by the figure, not by its temporary file
                    raise InputProblem(f"{pending[-1][1]}: cannot write: {e.strerror or e}") from None
            plt.close(fig)
    except BaseException:
        for tmp, _ in pending:
            if os.path.exists(tmp):
                os.remove(tmp)
        raise
    for tmp, path in pending:
        os.replace(tmp, path)
        print(path)


def plot(args):
    f = open_result(args.result)
    formats = check_options(f, args)
    plan, skipped = figure_plan(f, args)
    if not args.force:
        refuse_existing([os.path.join(args.outdir, f"{n}.{x}") for n in plan for x in formats])
    try:
        os.makedirs(args.outdir, exist_ok=True)
    except OSError as e:
        raise InputProblem(f"{args.outdir}: cannot create the figure directory: {e.strerror}") from None
    write_figures(plan, args.outdir, formats)
    if skipped:  # rather than empty panels that look like a simulation without relapses
        what = "patients" if "km_curves" in skipped else "measurements"
        print(f"plot_results.py: note: skipped {', '.join(skipped)}: no {what} stored for design "
              f"point {args.design_point}: {NO_PATIENTS}", file=sys.stderr)


def main():
    args = parse_args()
    try:
        plot(args)
    except InputProblem as e:
        fail(str(e))
    except OSError as e:  # an unwritable directory, a full disk, an unreadable dataset
        fail(f"{e.filename}: {e.strerror}" if e.filename else str(e))
    except Exception as e:  # noqa: BLE001 -- a bug here: still one line, and its own exit code
        fail(f"{type(e).__name__}: {e} (a bug in plot_results.py: please report it)", EXIT_INTERNAL)


if __name__ == "__main__":
    main()
