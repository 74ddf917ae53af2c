#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the default job: the JISAS
# design, 10,000 simulated cohorts, written to jisas.h5 (replaced if it exists).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/jisas-sim run scenarios/jisas.yaml -o jisas.h5 --force
