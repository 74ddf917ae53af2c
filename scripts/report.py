#!/usr/bin/python3
"""A self-contained HTML design report of a jisas-sim result file (docs/report.md).

Usage: report.py RESULT.h5 -o REPORT.html [--jisas-sim PATH] [--force]
One page, inline CSS and SVG figures (matplotlib), no JavaScript, nothing fetched: the
scenario's assumptions in words, the design table (power with its Monte Carlo error, the
rejection rate if IFN has no effect), power curves, operating characteristics and interim
looks, the closed forms `jisas-sim summary` prints (taken from `summary --csv`, so the page
and the terminal agree), Kaplan-Meier bands across cohorts (per arm when the file has
them), the relapse-time distribution, and the reproducibility record with the scenario
text verbatim.
Every number printed is read from the file and sits in an element whose `data-h5`
attribute names its source (grammar in docs/report.md), so a test can compare the page
with the file. Numbers that are Monte Carlo estimates carry `data-se` (the path of their
standard error) and `data-n` (the cohorts): they are printed to the decimal of the SE's
leading digit (see `decimals`).
An existing page is replaced only with --force; the page is written to a temporary file
beside it and renamed. Errors are one line on stderr: exit code 2 for bad input, 70 for a
bug in this script.
"""
import argparse
import csv
import html
import io
import math
import os
import re
import subprocess
import sys

try:
    import h5py
    import matplotlib
    import numpy as np
    import yaml
except ImportError as e:  # before anything else, so that even this is one line
    print(f"report.py: error: {e} (install python3-h5py python3-matplotlib python3-yaml)",
          file=sys.stderr)
    sys.exit(2)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plot_results as pr  # noqa: E402  -- the figures `plot` draws, shared

import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
matplotlib.rcParams["svg.hashsalt"] = "jisas-sim-report"  # the same file, the same page
DAYS_PER_MONTH = pr.DAYS_PER_MONTH
EXIT_INPUT, EXIT_INTERNAL = 2, 70
MAX_PANELS = 12  # design points drawn in the per-point figures
InputProblem = pr.InputProblem


def fail(message, code=EXIT_INPUT):
    print(f"report.py: error: {message}", file=sys.stderr)
    sys.exit(code)


# ---- numbers with their source ------------------------------------------------------

def esc(text):
    return html.escape(str(text), quote=True)


def finite(x):
    return x is not None and not (isinstance(x, float) and math.isnan(x)) and np.isfinite(x)


def decimals(se, cohorts):
    """Decimal places a Monte Carlo rate earns: down to its SE's leading digit. An SE of 0
    (no or every cohort rejecting) is taken as 1/cohorts, the smallest non-zero SE of a
    rate over that many cohorts, rather than claiming every digit."""
    se = max(float(se), 1.0 / float(cohorts)) if finite(se) else 1.0 / float(cohorts)
    return int(min(6, max(1, -math.floor(math.log10(se)))))


def num(value, src, digits, *, div=None, se=None, n=None):
    """One number in a span naming its HDF5 source; `div`: the page shows value / div
    (days as months); `se`, `n`: the SE and cohorts paths its precision follows."""
    value = float(value)
    shown = value / div if div else value
    text = f"{shown:.{digits}f}" if finite(shown) else "n/a"
    attrs = f' data-h5="{esc(src)}"'
    if div:
        attrs += f' data-div="{div!r}"'
    if se:
        attrs += f' data-se="{esc(se)}" data-n="{esc(n)}"'
    return f'<span class="num"{attrs}>{text}</span>'


def exact(value, src):
    """A design constant (alpha, a null rate): every digit it has, as the scenario gave it."""
    return f'<span class="num" data-h5="{esc(src)}">{float(value):g}</span>'


def integer(value, src):
    return f'<span class="num" data-h5="{esc(src)}">{int(value)}</span>'


def text(value, src):
    return f'<span class="txt" data-h5="{esc(src)}">{esc(value)}</span>'


def attr_text(f, name):
    """A string attribute, whether h5py reads it as str, bytes or a one-element array."""
    value = f.attrs[name]
    if isinstance(value, np.ndarray):
        value = value.flat[0] if value.size else ""
    return value.decode() if isinstance(value, bytes) else str(value)


def rate(field, row, t, value, se_value, cohorts):
    """A Monte Carlo rate ± its SE, both at the precision the SE justifies."""
    d = decimals(se_value, cohorts)
    se_path, n_path = f"/summary/{field}_se/{row}/{t}", f"/summary/cohorts/{row}"
    return (num(value, f"/summary/{field}/{row}/{t}", d, se=se_path, n=n_path) + " ± "
            + num(se_value, se_path, d + 1))


# ---- figures --------------------------------------------------------------------------

def svg(fig):
    """The figure as inline SVG: the XML preamble dropped, no creation date (the same file
    gives the same page), scaled to the page width."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    body = buffer.getvalue()
    return f'<figure>{body[body.index("<svg"):]}</figure>'


def panel_grid(count, height=3.0):
    cols = min(count, 4)
    rows = math.ceil(count / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, height * rows), squeeze=False,
                             sharey=True)
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    return fig, axes.flat


def point_label(points, i):
    label = pr.other_axes_label(points, i)
    return f"point {i}: n={points[i]['sample_size']}" + ("" if label == "design" else f", {label}")


def km_band(ax, x, q, color, label):
    """Median and the 10-90% and 2.5-97.5% ranges across cohorts (quantile slots 0..6 are
    0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975)."""
    ax.fill_between(x, q[:, 0], q[:, 6], color=color, alpha=0.15, linewidth=0)
    ax.fill_between(x, q[:, 1], q[:, 5], color=color, alpha=0.3, linewidth=0)
    ax.plot(x, q[:, 3], "-o", color=color, markersize=3, label=label)


def with_origin(q):
    """Relapse-free survival is 1 at the stop, in every cohort."""
    return np.vstack([np.ones((1, q.shape[1])), q])


def km_figure(f, arms):
    summary, points = f["summary"][()], f["design_points"][()]
    months = np.concatenate([[0.0], np.asarray(pr.array_attr(f, "landmark_days")) / DAYS_PER_MONTH])
    count = min(len(points), MAX_PANELS)
    landmarks = len(months) - 1
    fig, axes = panel_grid(count)
    for i, ax in zip(range(count), axes):
        if arms:
            km_band(ax, months, with_origin(summary[i]["km_control_quantiles"][:landmarks]), "C0", "control")
            km_band(ax, months, with_origin(summary[i]["km_experimental_quantiles"][:landmarks]), "C1",
                    "experimental (IFN)")
            ax.plot(months, with_origin(summary[i]["km_quantiles"][:landmarks])[:, 3], "--", color="grey",
                    linewidth=1, label="both arms, median")
        else:
            km_band(ax, months, with_origin(summary[i]["km_quantiles"][:landmarks]), "C0", "median")
        ax.set_title(point_label(points, i), fontsize=8)
        ax.set(ylim=(0, 1.02), xlabel="months since imatinib stop")
        ax.tick_params(labelsize=7)
    axes[0].set_ylabel("KM relapse-free survival")
    axes[0].legend(fontsize=6, loc="lower left")
    fig.suptitle("Kaplan-Meier relapse-free survival across simulated cohorts at the landmarks: "
                 "median, 10-90% (dark) and 2.5-97.5% (light) of cohorts", fontsize=9)
    fig.tight_layout()
    return fig


def relapse_time_figure(f, patients):
    """Left: the cohorts' median time to relapse (/summary_histograms); right, when patients
    are stored: every relapsed evaluable patient's time, per design point."""
    points = f["design_points"][()]
    count = min(len(points), 10)
    fig, axes = plt.subplots(1, 2 if patients else 1, figsize=(11 if patients else 6.5, 3.8),
                             squeeze=False)
    ax = axes[0][0]
    hist = f["summary_histograms"]
    for i in range(count):
        ax.stairs(hist["time_to_relapse"][i], hist["time_to_relapse_edges"][i], color=f"C{i}",
                  label=point_label(points, i))
    ax.set(xlabel="cohort's median time to relapse (months)", ylabel="cohorts",
           title="Median time to relapse per cohort")
    ax.legend(fontsize=6)
    if patients:
        ax = axes[0][1]
        p = f["patients"][()]
        p = p[(p["evaluable"] == 1) & (p["relapsed"] == 1)]
        edges = np.linspace(0, max(1.0, float(np.max(p["time"], initial=1.0)) / DAYS_PER_MONTH), 37)
        for i in range(count):
            months = p["time"][p["design_point"] == i] / DAYS_PER_MONTH
            if len(months):
                counts, _ = np.histogram(months, bins=edges)
                ax.stairs(counts / len(months), edges, color=f"C{i}", label=f"point {i} ({len(months)})")
        ax.set(xlabel="months from imatinib stop to relapse (as dated)", ylabel="share of relapses",
               title="Relapse times of stored patients")
        ax.legend(fontsize=6)
    fig.tight_layout()
    return fig


def stopping_figure(f):
    """Per design point, the proportion of cohorts stopping at each look for efficacy and
    for futility (the final analysis: rejected or not)."""
    looks = f["looks"][()]
    points = [int(p) for p in np.unique(looks["design_point"])][:MAX_PANELS]
    fig, axes = panel_grid(len(points), height=2.8)
    design_points = f["design_points"][()]
    for point, ax in zip(points, axes):
        rows = np.sort(looks[looks["design_point"] == point], order="look")
        x = np.arange(len(rows))
        ax.bar(x, rows["stop_efficacy"], color="C2", label="stop: efficacy (reject)")
        ax.bar(x, rows["stop_futility"], bottom=rows["stop_efficacy"], color="C3", label="stop: futility")
        ax.set_xticks(x, ["final" if r["final"] else f"look {r['look']}" for r in rows], fontsize=7)
        ax.set_title(point_label(design_points, point), fontsize=8)
        ax.set_ylim(0, 1)
    axes[0].set_ylabel("proportion of cohorts")
    axes[0].legend(fontsize=6)
    fig.suptitle("Where the trials stop", fontsize=9)
    fig.tight_layout()
    return fig


# ---- the scenario in words ------------------------------------------------------------

def set_key(doc, key, value):
    """One `--set KEY=VALUE` (docs/scenario-schema.md, "Overrides"): dotted map keys, list
    items by [i]; maps on the way are made."""
    parts = [p for p in re.split(r"\.|(\[\d+\])", key) if p]
    node = doc
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        index = int(part[1:-1]) if part.startswith("[") else part
        if last:
            node[index] = value
        else:
            if not isinstance(index, int) and not isinstance(node.get(index), (dict, list)):
                node[index] = {}
            node = node[index]


def scenario(f):
    """The scenario that ran: the stored text with the run's overrides applied."""
    doc = yaml.safe_load(attr_text(f, "scenario_yaml")) or {}
    for override in overrides(f):
        key, _, value = override.partition("=")
        set_key(doc, key.strip(), yaml.safe_load(value))
    return doc


def overrides(f):
    value = f.attrs.get("scenario_overrides")
    if value is None or isinstance(value, h5py.Empty):
        return []
    return [v.decode() if isinstance(v, bytes) else str(v) for v in np.atleast_1d(value)]


def words(value, top=True):
    """A scenario value as text: a map as `key value; ...` (nested maps in brackets, `age
    (dist normal, mean 57)`), a list comma-separated in square brackets."""
    if isinstance(value, dict):
        parts = [f"{k} {words(v, False)}" for k, v in value.items()]
        return "; ".join(parts) if top else "(" + ", ".join(parts) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(words(v, False) for v in value) + "]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def randomization(f, doc):
    if "randomization" not in doc.get("design", {}):
        return "none: a single arm"
    ratio = ""
    if "allocation_ratio" in f.attrs:
        r = f.attrs["allocation_ratio"]
        ratio = (f"; allocation experimental : control = {integer(r[0], '/@allocation_ratio/0')} : "
                 f"{integer(r[1], '/@allocation_ratio/1')}")
    return "randomized, IFN against control: " + yaml_value(doc, "design.randomization") + ratio


def yaml_value(doc, key):
    """A scenario value in a span naming its key (`data-yaml`); '-' when not given."""
    node = doc
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return '<span class="missing">not given</span>'
        node = node[part]
    return f'<span data-yaml="{esc(key)}">{esc(words(node))}</span>'


def side_words(f, t):
    sides = pr.array_attr(f, "test_alternatives", None)
    if sides is None or t >= len(sides):
        return "sidedness not recorded"
    return "two-sided" if str(sides[t]) == "two.sided" else f"one-sided ({esc(sides[t])})"


NO_ERROR_RATES = ("this run estimates relapse-free rates and relapse counts only, so there is "
                  "no power, size or other error rate to report")


def test_count(f):
    return len(pr.array_attr(f, "test_names", []))


def test_items(f):
    items = []
    for t, name in enumerate(pr.array_attr(f, "test_names")):
        kind = pr.array_attr(f, "test_kinds")[t] if "test_kinds" in f.attrs else "?"
        at = pr.array_attr(f, "test_at_days")[t] if "test_at_days" in f.attrs else math.nan
        null = pr.array_attr(f, "test_null_rates")[t] if "test_null_rates" in f.attrs else math.nan
        extra = ""
        if finite(at):
            extra += f", at {num(at, f'/@test_at_days/{t}', 1, div=DAYS_PER_MONTH)} months"
        if finite(null):
            extra += f", null relapse-free rate {exact(null, f'/@test_null_rates/{t}')}"
        items.append(f"<li>{text(name, f'/@test_names/{t}')}: {text(kind, f'/@test_kinds/{t}')}, "
                     f"alpha {exact(f.attrs['test_alphas'][t], f'/@test_alphas/{t}')}, "
                     f"{side_words(f, t)}{extra}</li>")
    return "\n".join(items)


def assumptions(f, doc):
    rows = [
        ("Sample size", yaml_value(doc, "design.sample_size")
         + " patients enrolled per trial (a list is a grid axis)"),
        ("Randomization", randomization(f, doc)),
        ("Accrual", yaml_value(doc, "design.accrual")),
        ("Analysis date", yaml_value(doc, "design.analysis")
         + " (the final analysis: on <code>date</code>, or <code>min_follow_up</code> after the last entry)"),
        ("Follow-up", "at most " + yaml_value(doc, "design.max_follow_up") + " per patient"),
        ("Withdrawal", yaml_value(doc, "design.withdrawal")),
        ("Population", yaml_value(doc, "population")),
        ("Model", yaml_value(doc, "kinetics")),
        ("Assay", yaml_value(doc, "assay")),
        ("IFN course", yaml_value(doc, "protocol.ifn")),
        ("Visit schedule", yaml_value(doc, "protocol.visits")),
        ("Relapse rule", yaml_value(doc, "protocol.relapse")
         + " (loss of the response at <code>confirmations</code> successive visits; "
           "dated as <code>dated_at</code> says)"),
        ("On relapse", yaml_value(doc, "protocol.on_relapse")),
        ("Landmarks", yaml_value(doc, "analysis.landmarks")),
        ("Tests", f"<ul>{test_items(f)}</ul>" if test_count(f) else "none: " + NO_ERROR_RATES),
        ("Null twins", yaml_value(doc, "analysis.null_twin")
         + (" (each cohort re-simulated without the tested effect)" if test_count(f)
            else " (no test, so no tested effect to remove)")),
        ("Target power", "not used (no tests)" if not test_count(f)
         else exact(f.attrs["target_power"][0], "/@target_power/0")
         if "target_power" in f.attrs else "not recorded"),
        ("Simulated cohorts", integer(f.attrs["cohorts_per_point"][0], "/@cohorts_per_point/0")
         + " per design point"),
    ]
    analysis = doc.get("analysis", {})
    for key in ("looks", "sequential", "two_stage"):
        if key in analysis:
            rows.append((f"Interim: {key}", yaml_value(doc, f"analysis.{key}")))
    body = "\n".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    note = (" (the stored scenario with the run's <code>--set</code> overrides applied)"
            if overrides(f) else "")
    return (f"<h2>Assumptions</h2><p>As the scenario file gives them{note}; durations keep "
            f"the file's units (<code>mo</code> months, <code>w</code> weeks, <code>d</code> "
            f"days).</p><table class=\"kv\">{body}</table>")


# ---- tables ---------------------------------------------------------------------------

def axis_names(points):
    """The grid axes the table shows; a sample-size axis is the n column already."""
    return [n for n in points.dtype.names if n not in ("index", "sample_size", "design.sample_size")]


def axis_cell(f, points, i, name):
    """An axis value as the scenario wrote it (`axis_labels`, format 1.5: points x axes, or
    one label per point for a single axis), else the number in the struct's unit."""
    labels = f["design_points"].attrs.get("axis_labels")
    all_axes = [n for n in points.dtype.names if n not in ("index", "sample_size")]
    a = all_axes.index(name)
    if labels is None or labels.size != len(points) * len(all_axes):
        return num(points[i][name], f"/design_points/{name}/{i}", 4)
    if labels.ndim == 2:
        return text(labels[i, a], f"/design_points/@axis_labels/{i}/{a}")
    k = i * len(all_axes) + a
    return text(labels[k], f"/design_points/@axis_labels/{k}")


def effect_words(f, t):
    effects = pr.array_attr(f, "test_effects", None)
    effect = str(effects[t]) if effects is not None and t < len(effects) else "ifn"
    return "IFN has" if effect == "ifn" else "the covariate has"


def has_boundary(f):
    """Format 1.6's boundary twins (/summary.size_at_boundary)."""
    return "size_at_boundary" in f["summary"].dtype.names


def design_head(f, axes):
    names = [str(n) for n in pr.array_attr(f, "test_names")]
    span = 3 if has_boundary(f) else 2
    first = "".join(f'<th rowspan="2">{esc(a)}</th>' for a in ["point"] + axes + ["n", "cohorts"])
    tests = "".join(f'<th colspan="{span}" class="test">{text(n, f"/@test_names/{t}")}</th>'
                    for t, n in enumerate(names))
    boundary = "<th>size at the null boundary ± SE</th>" if has_boundary(f) else ""
    second = "".join("<th>power ± MC SE<br>(95% interval)</th>"
                     f"<th>rejection rate if {effect_words(f, t)} no effect ± SE</th>" + boundary
                     for t in range(len(names)))
    return f"<thead><tr>{first}{tests}</tr><tr>{second}</tr></thead>"


def boundary_cell(f, s, i, t):
    """The size at the null boundary, with '!' above alpha + 3 Monte Carlo SE (as summary)."""
    size, se = s["size_at_boundary"][t], s["size_at_boundary_se"][t]
    if not finite(size):
        return num(size, f"/summary/size_at_boundary/{i}/{t}", 1)
    flag = " !" if size > float(pr.array_attr(f, "test_alphas")[t]) + 3 * se else ""
    return rate("size_at_boundary", i, t, size, se, s["cohorts"]) + flag


def design_row(f, points, summary, i, axes):
    s = summary[i]
    cells = [integer(points[i]["index"], f"/design_points/index/{i}")]
    cells += [axis_cell(f, points, i, name) for name in axes]
    cells += [integer(points[i]["sample_size"], f"/design_points/sample_size/{i}"),
              integer(s["cohorts"], f"/summary/cohorts/{i}")]
    for t in range(len(pr.array_attr(f, "test_names"))):
        d = decimals(s["power_se"][t], s["cohorts"])
        cells.append(rate("power", i, t, s["power"][t], s["power_se"][t], s["cohorts"]) + "<br>("
                     + num(s["power_lower"][t], f"/summary/power_lower/{i}/{t}", d) + "–"
                     + num(s["power_upper"][t], f"/summary/power_upper/{i}/{t}", d) + ")")
        null = s["type_i_error"][t]
        cells.append(rate("type_i_error", i, t, null, s["type_i_error_se"][t], s["cohorts"])
                     if finite(null) else num(null, f"/summary/type_i_error/{i}/{t}", 1))
        if has_boundary(f):
            cells.append(boundary_cell(f, s, i, t))
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def design_table(f):
    if not test_count(f):
        return ("<h2>Design table</h2><p>No tests in this scenario (<code>analysis.tests</code> "
                "is empty): " + NO_ERROR_RATES + ". The tables below are the result.</p>")
    points, summary = f["design_points"][()], f["summary"][()]
    axes = axis_names(points)
    rows = "\n".join(design_row(f, points, summary, i, axes) for i in range(len(points)))
    return (
        "<h2>Design table</h2><p>Per design point and test: <b>power</b>, the proportion of "
        "simulated trials in which the test rejects, ± its Monte Carlo standard error, with the "
        "95% Wilson interval; the <b>rejection rate if IFN has no effect</b> (or the covariate, "
        "for a covariate test) is the same proportion in each cohort's null twin, the cohort "
        "simulated again without the tested effect. It is the size of the test only when the "
        "twin lies on the test's null hypothesis: not, in general, for a test against a "
        "historical rate, whose null is the historical curve and not this model without IFN. "
        "The <b>size at the null boundary</b> (where the file has it) is the rejection rate in "
        "boundary twins: the design point with its cure fraction recalibrated so that the true "
        "relapse-free rate at the test's landmark equals the test's null rate; '!' marks a size "
        "above alpha + 3 Monte Carlo SE. Two-arm and Mann-Whitney tests have none: their null "
        "twin is their null hypothesis. "
        "Rates are printed to the decimal of their SE's leading digit.</p>"
        f'<div class="wide"><table class="grid design">{design_head(f, axes)}<tbody>{rows}</tbody></table></div>')


def quantile_range(values, path, digits, div=None):
    """Median (slot 3) with the 2.5% and 97.5% quantiles (slots 0 and 6) across cohorts."""
    return (num(values[3], f"{path}/3", digits, div=div) + " ("
            + num(values[0], f"{path}/0", digits, div=div) + "–"
            + num(values[6], f"{path}/6", digits, div=div) + ")")


def oc_row(f, points, summary, i, two_arm, eligibility):
    s = summary[i]
    cells = [str(i), integer(points[i]["sample_size"], f"/design_points/sample_size/{i}"),
             num(s["mean_evaluable"], f"/summary/mean_evaluable/{i}", 1),
             num(s["mean_relapses"], f"/summary/mean_relapses/{i}", 1),
             num(s["mean_relapse_proportion"], f"/summary/mean_relapse_proportion/{i}", 3),
             quantile_range(s["relapse_proportion_quantiles"],
                            f"/summary/relapse_proportion_quantiles/{i}", 3)]
    if two_arm:
        cells.append(quantile_range(s["hazard_ratio_quantiles"], f"/summary/hazard_ratio_quantiles/{i}", 2))
    if eligibility is not None:
        row = int(np.flatnonzero(eligibility["design_point"] == i)[0])
        cells.append(num(eligibility[row]["acceptance"], f"/eligibility/acceptance/{row}", 3))
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def oc_table(f):
    summary, points = f["summary"][()], f["design_points"][()]
    # Peto's hazard ratio exists only in two-arm designs (NaN, or no field before 1.2, else).
    two_arm = ("hazard_ratio_quantiles" in summary.dtype.names
               and bool(np.isfinite(summary["hazard_ratio_quantiles"]).any()))
    eligibility = f["eligibility"][()] if "eligibility" in f else None
    head = ["point", "n", "mean evaluable", "mean relapses", "mean relapse proportion",
            "relapse proportion: median (2.5–97.5%)"]
    head += ["Peto hazard ratio: median (2.5–97.5%)"] if two_arm else []
    head += ["eligibility acceptance"] if eligibility is not None else []
    rows = "".join(oc_row(f, points, summary, i, two_arm, eligibility) for i in range(len(points)))
    head_html = "".join(f"<th>{esc(h)}</th>" for h in head)
    return (f"<h2>Operating characteristics</h2><p>Per design point, averages over the simulated "
            f"cohorts and, in brackets, the 2.5% and 97.5% quantiles across cohorts (the spread a "
            f"single trial may show, not Monte Carlo error).</p>"
            f'<div class="wide"><table class="grid"><thead><tr>{head_html}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def looks_row(l, r, cohorts):
    m = DAYS_PER_MONTH
    rate_d = decimals(l["cumulative_rejection_se"], cohorts)
    stop_d = decimals(math.sqrt(0.25 / cohorts), cohorts)  # worst-case SE: no SE is stored
    look = "final" if l["final"] else integer(l["look"], f"/looks/look/{r}")
    cells = [integer(l["design_point"], f"/looks/design_point/{r}"), look,
             num(l["held"], f"/looks/held/{r}", stop_d),
             num(l["stop_efficacy"], f"/looks/stop_efficacy/{r}", stop_d),
             num(l["stop_futility"], f"/looks/stop_futility/{r}", stop_d),
             num(l["cumulative_rejection"], f"/looks/cumulative_rejection/{r}", rate_d,
                 se=f"/looks/cumulative_rejection_se/{r}", n=f"/summary/cohorts/{int(l['design_point'])}")
             + " ± " + num(l["cumulative_rejection_se"], f"/looks/cumulative_rejection_se/{r}", rate_d + 1),
             num(l["null_cumulative_rejection"], f"/looks/null_cumulative_rejection/{r}", stop_d),
             num(l["mean_day"], f"/looks/mean_day/{r}", 1, div=m),
             num(l["mean_patients"], f"/looks/mean_patients/{r}", 1),
             num(l["mean_events"], f"/looks/mean_events/{r}", 1)]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def expected_stop_rows(looks):
    m = DAYS_PER_MONTH
    rows = []
    for r, l in enumerate(looks):
        if not l["final"]:
            continue
        rows.append(f"<li>point {int(l['design_point'])}: "
                    f"{num(l['expected_stop_day'], f'/looks/expected_stop_day/{r}', 1, div=m)} months after "
                    f"the accrual start, {num(l['expected_stop_patients'], f'/looks/expected_stop_patients/{r}', 1)} "
                    f"patients, {num(l['expected_stop_events'], f'/looks/expected_stop_events/{r}', 1)} relapses</li>")
    return "".join(rows)


def looks_section(f):
    if "looks" not in f:
        return ""
    looks = f["looks"][()]
    cohorts = f["summary"]["cohorts"][()]
    head = ["point", "look", "held", "stop: efficacy", "stop: futility", "cumulative rejection ± SE",
            "same if no effect", "mean months", "mean patients", "mean relapses"]
    rows = "".join(looks_row(l, r, int(cohorts[int(l["design_point"])])) for r, l in enumerate(looks))
    test = attr_text(f, "look_test") if "look_test" in f.attrs else "the sequential test"
    return (f"<h3>Interim looks and stopping probabilities</h3><p>Looks on {esc(test)}. Per look, "
            "proportions of all cohorts: held (reached the look), stopped there for efficacy or "
            "futility, rejected by then (the final row's is the power of the design with its looks; "
            "the design table's is the fixed design's), and the same in the null twins; months "
            "after the accrual start and counts over the cohorts that reached the look. Stopping "
            "proportions are printed to the decimal of the largest possible Monte Carlo SE, "
            "0.5/√cohorts.</p>"
            + "<table class=\"grid\"><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in head)
            + f"</tr></thead><tbody>{rows}</tbody></table>"
            + f"<p>Expected at the stop:</p><ul>{expected_stop_rows(looks)}</ul>"
            + svg(stopping_figure(f)) + svg(pr.looks_figure(f)))


def km_table(f, arms):
    summary, points = f["summary"][()], f["design_points"][()]
    names = [str(n) for n in pr.array_attr(f, "landmark_names")]
    fields = [("km_control_quantiles", "control"), ("km_experimental_quantiles", "experimental"),
              ("km_quantiles", "both arms")] if arms else [("km_quantiles", "")]
    head = "<th>point</th>" + ("<th>arm</th>" if arms else "") + "".join(
        f"<th>{text(n, f'/@landmark_names/{l}')}</th>" for l, n in enumerate(names))
    rows = []
    for i in range(len(points)):
        for field, arm in fields:
            cells = [str(i)] + ([arm] if arms else [])
            cells += [quantile_range(summary[i][field][l], f"/summary/{field}/{i}/{l}", 3)
                      for l in range(len(names))]
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def km_section(f):
    # Per-arm bands come with format 1.6 (/summary km_control_quantiles, km_experimental_quantiles).
    # Drawn for randomized designs (allocation_ratio, format 1.4); a single arm's control
    # quantiles are NaN and its experimental ones the pooled.
    if len(pr.array_attr(f, "landmark_names")) == 0:
        return ("<h2>Kaplan-Meier relapse-free survival across cohorts</h2><p>The scenario has "
                "no landmarks (<code>analysis.landmarks</code>): no Kaplan-Meier estimates.</p>")
    names = f["summary"].dtype.names
    arms = ("km_control_quantiles" in names and "km_experimental_quantiles" in names
            and "allocation_ratio" in f.attrs)
    return ("<h2>Kaplan-Meier relapse-free survival across cohorts</h2><p>Each simulated cohort's "
            "Kaplan-Meier estimate at the landmarks: median across cohorts and, in brackets, the "
            "2.5% and 97.5% quantiles" + (", per arm and for both arms together" if arms else "")
            + ".</p>" + svg(km_figure(f, arms)) + km_table(f, arms))


def relapse_section(f):
    summary, points = f["summary"][()], f["design_points"][()]
    rows = []
    for i in range(len(points)):
        q = summary[i]["time_to_relapse_quantiles"]
        path = f"/summary/time_to_relapse_quantiles/{i}"
        rows.append(f"<tr><td>{i}</td><td>{quantile_range(q, path, 1)}</td><td>"
                    f"{num(q[1], path + '/1', 1)}–{num(q[5], path + '/5', 1)}</td></tr>")
    patients = pr.stored(f, "patients", 0) and bool(np.any(f["patients"]["relapsed"] == 1))
    return ("<h2>Time to relapse</h2><p>Per cohort, the median time from the imatinib stop to "
            "relapse (months) among its relapsed patients; across cohorts its median with the 2.5% "
            "and 97.5% quantiles, and its 10% and 90% quantiles."
            + (" The right panel pools the stored patients' own relapse times." if patients else "")
            + "</p><table class=\"grid\"><thead><tr><th>point</th><th>median (2.5–97.5%)</th>"
            f"<th>10–90%</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + svg(relapse_time_figure(f, patients)))


# ---- closed forms, from `jisas-sim summary --csv` -------------------------------------

def summary_sections(exe, path):
    """`summary --csv`'s sections by their '# ' titles, each a list of CSV rows (header
    first); the first, untitled one is the per-point table."""
    try:
        run = subprocess.run([exe, "summary", "--csv", path], capture_output=True, text=True)
    except OSError as e:
        raise InputProblem(f"--jisas-sim {exe}: cannot run: {e.strerror}") from None
    if run.returncode != 0:
        raise InputProblem(f"jisas-sim summary --csv failed: {run.stderr.strip()}")
    sections, title = {}, ""
    for block in run.stdout.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if lines and lines[0].startswith("# "):
            title, lines = lines[0][2:], lines[1:]
        sections[title] = list(csv.reader(lines))
        title = ""
    return sections


def empty(column):
    """An empty `summary --csv` cell: a target not reached, or no other axes."""
    return "not reached" if column == "smallest_n" else "–"


def summary_table(section, title, key):
    """A `summary --csv` section as a table; each cell names its section, row and column
    (`data-summary`), so a test can compare it with `summary --csv`."""
    header, rows = section[0], section[1:]
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td data-summary="{esc(key)}/{r}/{c}">{esc(v) or empty(header[c])}</td>'
                         for c, v in enumerate(row)) + "</tr>"
        for r, row in enumerate(rows))
    return f"<h3>{esc(title)}</h3><table class=\"grid text\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def closed_form_section(f, exe, path):
    sections = summary_sections(exe, path)
    parts = []
    for title, section in sections.items():
        for prefix, key in (("smallest sample size", "smallest_n"), ("closed-form sample size", "closed_form")):
            if title.startswith(prefix) and section:
                parts.append(summary_table(section, title[0].upper() + title[1:], key))
    return ("<h2>Closed forms beside the simulation</h2><p>As <code>jisas-sim summary</code> prints "
            "them: the smallest simulated sample size reaching the target power, and the closed-form "
            "sample size of the formula each test approximates, evaluated at the model's truth "
            "(<code>/truth</code>: one large sample per design point, followed without censoring).</p>"
            + "".join(parts))


# ---- reproducibility ------------------------------------------------------------------

def rerun_command(f):
    words_ = ["jisas-sim", "run", attr_text(f, "scenario_path"),
              "--seed", str(int(f.attrs["seed"][0])), "--cohorts", str(int(f.attrs["cohorts_per_point"][0]))]
    words_ += [f"--set '{o}'" for o in overrides(f)]
    return " ".join(words_)


def reproducibility(f):
    version = f.attrs["format_version"]
    rows = [("jisas-sim version", text(attr_text(f, "tool_version"), "/@tool_version")),
            ("git commit", text(attr_text(f, "git_commit"), "/@git_commit")),
            ("result format", integer(version[0], "/@format_version/0") + "."
             + integer(version[1], "/@format_version/1")),
            ("created (UTC)", text(attr_text(f, "created_utc"), "/@created_utc")),
            ("seed", integer(f.attrs["seed"][0], "/@seed/0")),
            ("seeding scheme", integer(f.attrs["seeding_scheme"][0], "/@seeding_scheme/0")),
            ("cohorts per design point", integer(f.attrs["cohorts_per_point"][0], "/@cohorts_per_point/0")),
            ("scenario", text(attr_text(f, "scenario_name"), "/@scenario_name") + ", from "
             + text(attr_text(f, "scenario_path"), "/@scenario_path")),
            ("overrides (--set)", "<br>".join(text(o, f"/@scenario_overrides/{k}")
                                              for k, o in enumerate(overrides(f))) or "none"),
            ("to run it again", f"<code>{esc(rerun_command(f))}</code>")]
    if "shard" in f.attrs:
        rows.append(("shard", f"{int(f.attrs['shard'][0])} of {int(f.attrs['shard'][1])}"))
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return ("<h2>Reproducibility</h2><p>The same scenario, seed and cohorts give bit-identical "
            "results with the same seeding scheme, whatever the thread count.</p>"
            f'<table class="kv">{body}</table><h3>Scenario file, verbatim</h3>'
            f'<pre class="yaml" data-h5="/@scenario_yaml">{esc(attr_text(f, "scenario_yaml"))}</pre>')


# ---- the page -------------------------------------------------------------------------

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; max-width: 1150px; margin: 1.5em auto;
       color: #111; font-size: 14px; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #999; margin-top: 1.8em; } h3 { margin-top: 1.3em; }
table { border-collapse: collapse; margin: 0.6em 0; }
table.grid { font-size: 12.5px; }
table.grid th, table.grid td { border: 1px solid #bbb; padding: 2px 5px; text-align: right; vertical-align: top; }
table.grid th { background: #eee; text-align: center; }
table.kv th { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; white-space: nowrap; }
table.kv td { padding: 2px 0; }
.wide { overflow-x: auto; }
table.design td { white-space: nowrap; }
table.text td { text-align: left; }
.num { font-variant-numeric: tabular-nums; }
.missing { color: #888; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
pre.yaml { background: #f6f6f6; border: 1px solid #ddd; padding: 0.6em; white-space: pre-wrap; font-size: 12px; }
@media print { h2 { page-break-after: avoid; } figure, table { page-break-inside: avoid; } }
"""


def page(f, exe, path):
    name = attr_text(f, "scenario_name")
    points = f["design_points"][()]
    power = svg(pr.power_figure(f, float(f.attrs["target_power"][0]) if "target_power" in f.attrs else 0.8))
    power_part = ("<h2>Power against the grid</h2>" + power) if pr.power_axis(points) else ""
    body = [
        f"<h1>Design report: {text(name, '/@scenario_name')}</h1>",
        f"<p>From <code>{esc(os.path.basename(path))}</code>, simulated by jisas-sim "
        f"{text(attr_text(f, 'tool_version'), '/@tool_version')} on "
        f"{text(attr_text(f, 'created_utc'), '/@created_utc')}: {len(points)} design point(s), "
        f"{integer(f.attrs['cohorts_per_point'][0], '/@cohorts_per_point/0')} simulated trials each.</p>",
        assumptions(f, scenario(f)), design_table(f), power_part, oc_table(f), looks_section(f),
        closed_form_section(f, exe, path), km_section(f), relapse_section(f), reproducibility(f)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>jisas-sim design report: {esc(name)}</title><style>{CSS}</style></head>"
            "<body>\n" + "\n".join(b for b in body if b) + "\n</body></html>\n")


def refuse_output(output, force):
    """Before the work of drawing, and again before writing."""
    if os.path.isdir(output):
        raise InputProblem(f"{output}: is a directory")
    if os.path.exists(output) and not force:
        raise InputProblem(f"{output} exists: use --force to replace it")


def write_page(text_, output, force):
    """Written beside the target and renamed: never half a page, never a clobbered one."""
    refuse_output(output, force)
    tmp = os.path.join(os.path.dirname(output) or ".", f".{os.path.basename(output)}.tmp-{os.getpid()}")
    try:
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(text_)
        os.replace(tmp, output)
    except OSError as e:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise InputProblem(f"{output}: cannot write: {e.strerror or e}") from None


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--jisas-sim", default="jisas-sim", help="the executable for summary --csv")
    parser.add_argument("--force", action="store_true", help="replace an existing page")
    return parser.parse_args()


def main():
    args = parse_args()
    try:
        refuse_output(args.output, args.force)
        with pr.open_result(args.result) as f:
            html_text = page(f, args.jisas_sim, args.result)
        write_page(html_text, args.output, args.force)
        print(args.output)
    except InputProblem as e:
        fail(str(e))
    except OSError as e:
        fail(f"{e.filename}: {e.strerror}" if e.filename else str(e))
    except Exception as e:  # noqa: BLE001 -- a bug here: still one line, and its own exit code
        fail(f"{type(e).__name__}: {e} (a bug in report.py: please report it)", EXIT_INTERNAL)


if __name__ == "__main__":
    main()
