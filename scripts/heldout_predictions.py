#!/usr/bin/env python3
"""Held-out predictions of the jointly calibrated lsc_immune population (issue 19).

Runs `jisas-sim run` on each scenario of scenarios/heldout/ (published stop trials that
were not used in scenarios/calibration/joint_targets.yaml) and prints, per published
landmark, a markdown row:

- the published relapse-free rate and its 95% CI (or an interval derived from the number
  of patients where the paper gives none, marked "derived");
- the model's rate: the mean of the simulated trials' Kaplan-Meier estimates, each trial
  of the published size;
- the model's 95% Monte Carlo interval for a trial of that size: the 2.5% and 97.5%
  quantiles of those estimates, i.e. where the published estimate would fall 95% of the
  time if the model were true.

models/lsc_immune/lsc_immune.md, "Held-out predictions", shows the table this prints.

Usage: heldout_predictions.py JISAS_SIM SOURCE_DIR [--cohorts N] [--work DIR]
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

# (scenario, trial, landmark, published rate, its 95% CI or None, patients, source)
PUBLISHED = [
    ("a_stim", "A-STIM", "12mo", 0.64, None, None, 80,
     "Rousselot 2014 J Clin Oncol 32:424 (Hayashi 2016 Stem Cell Investig 3:36, Table 1)"),
    ("a_stim", "A-STIM", "24mo", 0.64, None, None, 80,
     "Rousselot 2014 J Clin Oncol 32:424 (Hayashi 2016 Stem Cell Investig 3:36, Table 1)"),
    ("a_stim", "A-STIM", "36mo", 0.61, None, None, 80,
     "Rousselot 2014 (ASH Education review, PMC6246017 Table 3)"),
    ("twister", "TWISTER", "24mo", 0.471, None, None, 40, "Ross 2013 Blood 122:515"),
    ("stop_2g_tki", "STOP 2G-TKI", "12mo", 0.6333, 0.5114, 0.7553, 60, "Rea 2017 Blood 129:846"),
    ("stop_2g_tki", "STOP 2G-TKI", "48mo", 0.5357, 0.4049, 0.6665, 60, "Rea 2017 Blood 129:846"),
]


def wilson_interval(rate, n, z=1.959963984540054):
    """95% Wilson score interval for a proportion (Wilson 1927, J Am Stat Assoc 22:209):
    the interval derived from the number of patients when the paper gives none."""
    centre = (rate + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def simulated_km(exe, scenario, cohorts, work):
    """Each simulated trial's KM at every landmark, by landmark name."""
    output = os.path.join(work, os.path.basename(scenario).replace(".yaml", ".h5"))
    result = subprocess.run([exe, "run", scenario, "--cohorts", str(cohorts), "-o", output,
                             "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:  # jisas-sim's own one-line error, not a traceback
        sys.exit(f"heldout_predictions: {scenario}: {result.stderr.strip()}")
    with h5py.File(output, "r") as f:
        names = [n.decode() if isinstance(n, bytes) else str(n) for n in f.attrs["landmark_names"]]
        km = f["cohorts"]["km"][:, : len(names)]
    return {name: km[:, i] for i, name in enumerate(names)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("exe")
    parser.add_argument("source_dir")
    parser.add_argument("--cohorts", type=int, default=2000)
    parser.add_argument("--work", default=None)
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="jisas-heldout-")
    os.makedirs(work, exist_ok=True)
    runs = {}
    print("| trial | landmark | published (95% CI) | model: mean (95% MC interval for the trial's size) "
          "| published inside the model's interval |")
    print("|---|---|---|---|---|")
    for scenario, trial, landmark, rate, lower, upper, n, source in PUBLISHED:
        if scenario not in runs:
            path = os.path.join(args.source_dir, "scenarios", "heldout", scenario + ".yaml")
            runs[scenario] = simulated_km(args.exe, path, args.cohorts, work)
        km = runs[scenario][landmark]
        km = km[np.isfinite(km)]
        low, high = np.quantile(km, [0.025, 0.975])
        if lower is None:
            lower, upper = wilson_interval(rate, n)
            ci = f"{100 * rate:.1f}% ({100 * lower:.0f}–{100 * upper:.0f}, derived, n = {n})"
        else:
            ci = f"{100 * rate:.2f}% ({100 * lower:.2f}–{100 * upper:.2f})"  # as published
        inside = "yes" if low <= rate <= high else "no"
        print(f"| {trial} | {landmark} | {ci} | {100 * km.mean():.1f}% ({100 * low:.1f}–{100 * high:.1f}) "
              f"| {inside} |")
    print(f"\n{args.cohorts} simulated trials per scenario; sources: "
          + "; ".join(sorted({f'{t}: {s}' for _, t, _, _, _, _, _, s in PUBLISHED})))
    return 0


if __name__ == "__main__":
    sys.exit(main())
