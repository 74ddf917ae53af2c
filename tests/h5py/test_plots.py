#!/usr/bin/python3
"""`jisas-sim plot` writes every protocol figure as a valid PNG of the expected size and a
parseable SVG; interim_looks exactly when the file has interim looks (/looks, format 1.3);
km_curves and bcr_abl_trajectories exactly when it stored patients (else one note says
so); a foreign file is refused with exit code 2 and one error line.
Usage: test_plots.py JISAS_SIM RESULT.h5 WORK_DIR"""
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py

FIGURES = ["power_vs_sample_size", "relapse_proportion_histogram", "km_landmark_histogram"]
PATIENT_FIGURES = ["km_curves", "bcr_abl_trajectories"]
LOOKS_FIGURE = "interim_looks"
WIDTH, HEIGHT = 1200, 750  # 8 x 5 inches at 150 dpi (scripts/plot_results.py)

exe, result, work = sys.argv[1:4]
checks, failures = 0, []


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)


out = os.path.join(work, "figures")
with h5py.File(result, "r") as f:
    has_looks = "looks" in f
    has_patients = "patients" in f and f["patients"].shape[0] > 0
# A figure left by an earlier run must not pass for this one (and plot refuses to replace
# figures without --force).
shutil.rmtree(out, ignore_errors=True)
run = subprocess.run([exe, "plot", result, "-o", out], capture_output=True, text=True)
check(run.returncode == 0, f"plot exit code {run.returncode}: {run.stderr.strip()}")
for name in FIGURES + (PATIENT_FIGURES if has_patients else []) + ([LOOKS_FIGURE] if has_looks else []):
    png = os.path.join(out, name + ".png")
    check(os.path.exists(png), f"{png} exists")
    if os.path.exists(png):
        with open(png, "rb") as f:
            head = f.read(24)
        check(head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{png} is a PNG")
        width, height = struct.unpack(">II", head[16:24])
        check(abs(width - WIDTH) <= 2 and abs(height - HEIGHT) <= 2, f"{png} is {width} x {height}")
    svg = os.path.join(out, name + ".svg")
    try:
        check(ET.parse(svg).getroot().tag.endswith("svg"), f"{svg} has an <svg> root")
    except (OSError, ET.ParseError) as e:
        check(False, f"{svg}: {e}")
# Randomized designs draw one Kaplan-Meier curve per arm (matplotlib's SVG keeps each
# text as a comment beside its glyph paths).
if has_patients:
    with h5py.File(result, "r") as f:
        two_arm = "allocation_ratio" in f.attrs
    svg_text = open(os.path.join(out, "km_curves.svg")).read()
    check(("experimental (IFN) arm (" in svg_text) == two_arm, "per-arm KM curves exactly for two arms")
    check(("pooled (" in svg_text) != two_arm, "the pooled KM curve exactly for one arm")
if not has_looks:
    check(not os.path.exists(os.path.join(out, LOOKS_FIGURE + ".png")), "no interim_looks without /looks")
if not has_patients:
    for name in PATIENT_FIGURES:
        check(not os.path.exists(os.path.join(out, name + ".png")), f"no {name} without patients")
    check("no patients stored" in run.stderr, f"a note without patients: {run.stderr!r}")

text = os.path.join(work, "not_hdf5.h5")
with open(text, "w") as f:
    f.write("not an HDF5 file\n")
bad = subprocess.run([exe, "plot", text, "-o", out], capture_output=True, text=True)
check(bad.returncode == 2 and bad.stderr.count("\n") == 1, "a text file is refused with one line")

for what in failures:
    print("FAILED", what)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
