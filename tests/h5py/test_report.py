#!/usr/bin/python3
"""`jisas-sim report` end to end: the page is written, rendered by headless Chromium, and
every number on it is the file's.

Usage: test_report.py JISAS_SIM RESULT.h5 WORK_DIR [--looks] [--axis] [--arms]
  --looks  the file has interim looks: the stopping table and figures must be there
  --axis   the grid has an axis: the power curves must be there
  --arms   a randomized design: its per-arm KM bands (format 1.6: km_control_quantiles,
           km_experimental_quantiles) must be drawn and tabled
           to a copy of the file (built from the pooled field, shifted, so that a mix-up shows)
           and check the page draws and tags them; without it they must be absent

Checks:
  - the page is self-contained: no script, no link, no src, no url() outside the page;
  - without --force an existing page is refused (exit 2, one line) and left untouched; a
    missing result file and an unwritable output are one line, exit 2, nothing written;
  - Chromium (JISAS_CHROMIUM, else chromium on PATH) renders it (as root it needs --no-sandbox; --disable-gpu and a private
    --user-data-dir keep it from touching the machine's GPU and profile) to a PNG of the
    window size that is not blank (many colours, a share of dark pixels);
  - in the rendered DOM every element with `data-h5` equals the value at that HDF5 path at
    the printed precision (strings exactly; `data-div`: the page shows value / div); Monte
    Carlo rates (`data-se`, `data-n`) are printed to the decimal of their SE's leading digit,
    an SE of 0 counting as 1/cohorts; every power and its SE, every null-twin rate, every
    KM median at every landmark (and per arm) and every look's cumulative rejection is on
    the page; `data-summary` cells equal `jisas-sim summary --csv`'s; `data-yaml` values
    hold the scenario's values; the page never says "type I error" outside the scenario text.
"""
import html.parser
import math
import os
import re
import subprocess
import sys

import h5py
import numpy as np
from PIL import Image

exe, result, work = sys.argv[1:4]
flags = set(sys.argv[4:])
checks, failures = 0, []


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)


def report(out, *extra, source=None):
    return subprocess.run([exe, "report", source or result, "-o", out, *extra],
                          capture_output=True, text=True)


def one_line_error(run, pattern, what):
    lines = run.stderr.splitlines()
    check(run.returncode == 2, f"{what}: exit code {run.returncode}, expected 2")
    check(len(lines) == 1 and pattern in run.stderr, f"{what}: stderr {run.stderr!r}")
    check("Traceback" not in run.stderr, f"{what}: a traceback")


# ---- the rendered DOM ------------------------------------------------------------------

class Tagged(html.parser.HTMLParser):
    """Elements with data-h5, data-summary or data-yaml, with their text (they do not nest
    in one another); the visible text outside <pre>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.found, self.visible, self.in_pre = [], [], [], 0
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "pre":
            self.in_pre += 1
        if any(k in a for k in ("data-h5", "data-summary", "data-yaml")):
            self.open.append([tag, a, []])

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre -= 1
        if self.open and self.open[-1][0] == tag:
            t, a, parts = self.open.pop()
            self.found.append((a, "".join(parts)))

    def handle_data(self, data):
        for entry in self.open:
            entry[2].append(data)
        if not self.in_pre:
            self.visible.append(data)


def resolve(f, path):
    """`/summary/power/3/0`: objects, then `@attribute` or a compound field, then indices."""
    node, value = f["/"], None
    for part in path.strip("/").split("/"):
        if value is None and part.startswith("@"):
            value = node.attrs[part[1:]]
        elif value is None and isinstance(node, h5py.Group) and part in node:
            node = node[part]
        elif value is None and isinstance(node, h5py.Dataset) and node.dtype.names and part in node.dtype.names:
            value = node[part]
        else:
            value = (node[()] if value is None else value)[int(part)]
    value = node[()] if value is None else value
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    return value.decode() if isinstance(value, bytes) else value


def mc_decimals(se, cohorts):
    """The precision rule of docs/report.md, written out independently of report.py."""
    se = float(se)
    if not (se > 0 and math.isfinite(se)) or se < 1 / cohorts:
        se = 1 / cohorts
    return min(6, max(1, -math.floor(math.log10(se))))


def compare_number(f, a, shown, value):
    path = a["data-h5"]
    if shown == "n/a":
        check(isinstance(value, float) and math.isnan(value), f"{path}: n/a on the page, {value} in the file")
        return
    if isinstance(value, (np.integer, int)) and "data-div" not in a:
        check(shown == str(int(value)), f"{path}: {shown} on the page, {value} in the file")
        return
    digits = len(shown.split(".")[1]) if "." in shown else 0
    expected = float(value) / float(a.get("data-div", 1))
    check(re.fullmatch(r"-?\d+(\.\d+)?", shown) is not None, f"{path}: {shown!r} is not a number")
    check(abs(float(shown) - expected) <= 0.5 * 10 ** -digits * (1 + 1e-9) + 1e-12,
          f"{path}: {shown} on the page, {expected!r} in the file")
    if "data-se" in a:
        want = mc_decimals(resolve(f, a["data-se"]), int(resolve(f, a["data-n"])))
        check(digits == want, f"{path}: {digits} decimals for SE {resolve(f, a['data-se'])}, expected {want}")


def compare_h5(f, found):
    seen = set()
    for a, shown in found:
        if "data-h5" not in a:
            continue
        seen.add(a["data-h5"])
        value = resolve(f, a["data-h5"])
        if isinstance(value, str):
            check(shown == value, f"{a['data-h5']}: {shown[:60]!r} on the page, {value[:60]!r} in the file")
        else:
            compare_number(f, a, shown.strip(), value)
    return seen


def expected_paths(f):
    """What must be on the page: every power, SE, null-twin rate, KM median; every look's
    cumulative rejection."""
    s = f["summary"][()]
    paths = []
    landmarks = len(f.attrs["landmark_days"])
    fields = ["km_quantiles"] + (["km_control_quantiles", "km_experimental_quantiles"] if "--arms" in flags else [])
    for i in range(len(s)):
        for t in range(len(f.attrs["test_names"])):
            paths += [f"/summary/{x}/{i}/{t}" for x in ("power", "power_se", "power_lower", "power_upper", "type_i_error")]
            if "size_at_boundary" in s.dtype.names:
                paths.append(f"/summary/size_at_boundary/{i}/{t}")
        paths += [f"/summary/{x}/{i}/{l}/3" for x in fields for l in range(landmarks)]
    if "looks" in f:
        paths += [f"/looks/cumulative_rejection/{r}" for r in range(len(f["looks"]))]
    return paths


def summary_csv(source):
    """`summary --csv`'s sections by title, as report.py reads them (an independent parse)."""
    out = subprocess.run([exe, "summary", "--csv", source], capture_output=True, text=True, check=True).stdout
    import csv
    sections = {}
    for block in out.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if lines and lines[0].startswith("# smallest"):
            sections["smallest_n"] = list(csv.reader(lines[1:]))
        elif lines and lines[0].startswith("# closed-form"):
            sections["closed_form"] = list(csv.reader(lines[1:]))
    return sections


def compare_summary(found, source):
    sections = summary_csv(source)
    cells = [(a["data-summary"], shown) for a, shown in found if "data-summary" in a]
    for key, shown in cells:
        section, row, col = key.split("/")
        value = sections[section][1 + int(row)][int(col)]
        header = sections[section][0][int(col)]
        want = value or ("not reached" if header == "smallest_n" else "–")
        check(shown == want, f"summary {key}: {shown!r}, summary --csv {value!r}")
    for section, rows in sections.items():  # every cell of both sections is on the page
        count = sum(1 for k, _ in cells if k.startswith(section + "/"))
        check(count == sum(len(r) for r in rows[1:]), f"summary {section}: {count} cells on the page")


def leaves(node):
    if isinstance(node, dict):
        return [x for v in node.values() for x in leaves(v)]
    if isinstance(node, list):
        return [x for v in node for x in leaves(v)]
    if isinstance(node, bool):  # the page says yes or no
        return ["yes" if node else "no"]
    return [str(node)]


def compare_yaml(f, found):
    import yaml
    if f.attrs.get("scenario_overrides") is not None and not isinstance(f.attrs["scenario_overrides"], h5py.Empty):
        return  # the page applies them; the test runs have none
    doc = yaml.safe_load(f.attrs["scenario_yaml"])
    for a, shown in found:
        if "data-yaml" not in a:
            continue
        node = doc
        for part in a["data-yaml"].split("."):
            node = node[part]
        missing = [v for v in leaves(node) if v not in shown]
        check(not missing, f"{a['data-yaml']}: {missing} not in {shown!r}")


# ---- rendering -------------------------------------------------------------------------

def chromium(page, *args):
    """Headless Chromium on the page. As root it refuses to start without --no-sandbox; a
    private profile directory, and no GPU, keep the run to itself."""
    profile = os.path.join(work, "chromium-profile")
    return subprocess.run([os.environ.get("JISAS_CHROMIUM", "chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                           f"--user-data-dir={profile}", "--hide-scrollbars", *args,
                           "file://" + os.path.abspath(page)],
                          capture_output=True, text=True, timeout=300)


def check_png(path):
    check(os.path.exists(path), "no screenshot")
    if not os.path.exists(path):
        return
    with open(path, "rb") as png:
        check(png.read(8) == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
    image = np.asarray(Image.open(path).convert("RGB"))
    check(image.shape[:2] == (4000, 1200), f"screenshot {image.shape[1]}x{image.shape[0]}, expected 1200x4000")
    colours = len(np.unique(image.reshape(-1, 3), axis=0))
    dark = float(np.mean(image.sum(axis=2) < 300))
    check(colours > 50, f"the screenshot has {colours} colours: blank?")
    check(dark > 0.005, f"{dark:.4f} of the screenshot is dark: no text?")
    print(f"test_report: {path}: {image.shape[1]}x{image.shape[0]}, {colours} colours, {dark:.3f} dark")


def check_page_text(text):
    check("<script" not in text.lower(), "the page has a script")
    check(re.search(r"<link\b|\ssrc=|@import|url\((?!#)", text) is None, "the page refers to an outside file")
    check(re.search(r'href="(?!#)', text) is None, "the page links outside itself")


def check_sections(f, parser, text):
    visible = " ".join(parser.visible)
    check("rejection rate if IFN has no effect" in visible, "no 'rejection rate if IFN has no effect'")
    check("type i error" not in visible.lower(), "the page says 'type I error'")
    check(("Interim looks and stopping probabilities" in visible) == ("looks" in f), "looks section")
    check(("Power against the grid" in visible) == ("--axis" in flags), "power curves")
    check(("per arm" in visible) == ("--arms" in flags), "per-arm KM bands")
    figures = text.count("<svg")
    want = 2 + ("--axis" in flags) + 2 * ("looks" in f)
    check(figures == want, f"{figures} figures, expected {want}")


def main():
    os.makedirs(work, exist_ok=True)
    source = result
    page = os.path.join(work, "report.html")
    if os.path.exists(page):
        os.remove(page)
    first = report(page, source=source)
    check(first.returncode == 0, f"report: exit code {first.returncode}: {first.stderr}")
    before = (os.stat(page).st_mtime_ns, open(page, "rb").read())
    one_line_error(report(page, source=source), "exists", "report again without --force")
    check((os.stat(page).st_mtime_ns, open(page, "rb").read()) == before, "the page was touched")
    check(report(page, "--force", source=source).returncode == 0, "report --force")
    one_line_error(report(os.path.join(work, "x.html"), source=os.path.join(work, "none.h5")),
                   "none.h5", "a missing result file")
    one_line_error(report(os.path.join(work, "no", "dir", "x.html"), source=source), "x.html",
                   "an unwritable output")
    check(not os.path.exists(os.path.join(work, "x.html")), "a page written for a missing file")
    text = open(page, encoding="utf-8").read()
    check_page_text(text)
    png = os.path.join(work, "report.png")
    if os.path.exists(png):
        os.remove(png)
    shot = chromium(page, f"--screenshot={png}", "--window-size=1200,4000")
    check(shot.returncode == 0, f"chromium --screenshot: exit code {shot.returncode}: {shot.stderr[-500:]}")
    check_png(png)
    dom = chromium(page, "--dump-dom")
    check(dom.returncode == 0 and "<body" in dom.stdout, f"chromium --dump-dom: {dom.stderr[-500:]}")
    parser = Tagged()
    parser.feed(dom.stdout)
    with h5py.File(source, "r") as f:
        seen = compare_h5(f, parser.found)
        missing = [p for p in expected_paths(f) if p not in seen]
        check(not missing, f"not on the page: {missing[:5]} ({len(missing)})")
        compare_yaml(f, parser.found)
        check_sections(f, parser, text)
    compare_summary(parser.found, source)
    numbers = sum(1 for a, _ in parser.found if "data-h5" in a)
    print(f"test_report: {numbers} tagged values compared with the file, {checks} checks")
    for failure in failures:
        print("FAIL:", failure)
    sys.exit(1 if failures else 0)


main()
