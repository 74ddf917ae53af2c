#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the default job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/jisas-sim analyze scenarios/jisas_interim.csv --time months --event relapse \
  --covariate cmr_months --landmarks 6,12,24
