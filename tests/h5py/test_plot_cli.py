#!/usr/bin/python3
"""The rough edges of `jisas-sim plot` a new user hit (issue 16, item 8), one check per mode:
  force        existing figures are refused without --force (exit 2, one line naming a file,
               every file untouched, no missing figure filled in), replaced with it
  errors       every failure is one line on stderr, never a traceback: a text file (through
               jisas-sim and the script alone), a file without /summary_histograms, an
               unknown --format (nothing written), a script that crashes (exit 70)
  no_patients  a file without stored patients: one note naming the skipped figures, the
               other figures drawn
  axis LABEL   the power figure of a grid without a sample-size axis is drawn against LABEL
               (an SVG text element; matplotlib writes each text as a comment)
Usage: test_plot_cli.py MODE JISAS_SIM RESULT.h5 WORK_DIR [LABEL]"""
import glob
import os
import shutil
import subprocess
import sys

import h5py

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "plot_results.py")
ALL = ["power_vs_sample_size", "km_curves", "relapse_proportion_histogram",
       "km_landmark_histogram", "bcr_abl_trajectories"]
PER_PATIENT = ["km_curves", "bcr_abl_trajectories"]

mode, exe, result, work = sys.argv[1:5]
checks, failures = 0, []


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)


def fresh(name):
    path = os.path.join(work, name)
    shutil.rmtree(path, ignore_errors=True)
    return path


def plot(out, *extra, env=None, command=None):
    command = command or [exe, "plot"]
    return subprocess.run(command + [result, "-o", out, *extra], capture_output=True, text=True,
                          env=env)


def one_line(run, code, pattern, what):
    """Exit code, exactly one stderr line containing pattern, and no traceback."""
    lines = run.stderr.splitlines()
    check(run.returncode == code, f"{what}: exit code {run.returncode}, expected {code}")
    check(len(lines) == 1, f"{what}: {len(lines)} stderr lines, expected 1: {run.stderr!r}")
    check(pattern in run.stderr, f"{what}: stderr {run.stderr!r} lacks {pattern!r}")
    check("Traceback" not in run.stderr, f"{what}: a traceback on stderr")


def snapshot(out):
    """Every file with its modification time and bytes: 'untouched' means both unchanged."""
    files = {}
    for path in glob.glob(os.path.join(out, "*")):
        with open(path, "rb") as f:
            files[path] = (os.stat(path).st_mtime_ns, f.read())
    return files


def check_force():
    out = fresh("force")
    first = plot(out)
    check(first.returncode == 0, f"first plot: exit code {first.returncode}: {first.stderr}")
    os.remove(os.path.join(out, "km_curves.svg"))  # a set with a gap: not filled in either
    before = snapshot(out)
    again = plot(out)
    one_line(again, 2, "exists", "plot again without --force")
    check("--force" in again.stderr, "the refusal names --force")
    check(snapshot(out) == before, "without --force every file is untouched, none added")
    forced = plot(out, "--force")
    check(forced.returncode == 0, f"--force: exit code {forced.returncode}: {forced.stderr}")
    after = snapshot(out)
    check(os.path.join(out, "km_curves.svg") in after, "--force writes the missing figure")
    check(all(after[p][0] != before[p][0] for p in before), "--force replaces every figure")
    check(not glob.glob(os.path.join(out, ".*tmp*")), "no temporary file is left behind")


def without_histograms(source):
    """A copy of the result file without /summary_histograms: it passes jisas-sim's own
    check of the file, so the script's message must come through in one line."""
    path = os.path.join(work, "no_histograms.h5")
    shutil.copy(source, path)
    with h5py.File(path, "a") as f:
        del f["summary_histograms"]
    return path


def crashing_script():
    path = os.path.join(work, "crash.py")
    with open(path, "w") as f:
        f.write("import sys\nprint('plotting', file=sys.stderr)\nraise RuntimeError('boom')\n")
    return path


def check_errors():
    global result
    out = fresh("errors")
    text = os.path.join(work, "not_hdf5.h5")
    with open(text, "w") as f:
        f.write("not an HDF5 file\n")
    good, result = result, text
    one_line(plot(out), 2, "not_hdf5.h5", "jisas-sim plot of a text file")
    one_line(plot(out, command=["/usr/bin/python3", SCRIPT]), 2, "not readable as HDF5",
             "plot_results.py on a text file")
    result = without_histograms(good)
    one_line(plot(out), 2, "/summary_histograms is missing", "a file without /summary_histograms")
    one_line(plot(out, command=["/usr/bin/python3", SCRIPT]), 2, "no /summary_histograms",
             "plot_results.py on a file without /summary_histograms")
    result = good
    one_line(plot(out, "--format", "png,bmpx"), 2, "unknown format 'bmpx'", "--format bmpx")
    check(not os.path.exists(out) or not os.listdir(out), "an unknown format writes nothing")
    env = dict(os.environ, JISAS_PLOT_SCRIPT=crashing_script())
    one_line(plot(out, env=env), 70, "RuntimeError: boom", "a crashing script")


def check_no_patients():
    out = fresh("no_patients")
    run = plot(out)
    one_line(run, 0, "skipped km_curves, bcr_abl_trajectories: no patients stored",
             "a file without patients")
    check("output.patients.cohorts > 0" in run.stderr, "the note says how to store patients")
    for name in ALL:
        exists = os.path.exists(os.path.join(out, name + ".png"))
        check(exists == (name not in PER_PATIENT), f"{name}.png {'drawn' if exists else 'not drawn'}")


def check_axis(label):
    out = fresh("axis")
    run = plot(out)
    check(run.returncode == 0, f"plot: exit code {run.returncode}: {run.stderr}")
    check(run.stderr == "", f"no message: {run.stderr!r}")
    svg = os.path.join(out, "power_vs_sample_size.svg")
    text = open(svg).read() if os.path.exists(svg) else ""
    check(f"<!-- {label} -->" in text, f"the power figure is drawn against {label!r}")


modes = {"force": check_force, "errors": check_errors, "no_patients": check_no_patients,
         "axis": lambda: check_axis(sys.argv[5])}
modes[mode]()
for what in failures:
    print("FAILED", what)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
