#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, run the whole test suite,
# then the same suite under AddressSanitizer + UBSan and under ThreadSanitizer, and each
# fuzz target for 30 s (scripts/test-sanitizers.sh). JISAS_SANITIZERS=0 skips the
# sanitizer stages for a quick local run; CI always runs them. The default suite includes
# run.slurm_real (label slurm_real): a real single-node Slurm started and stopped by the
# test, which needs root; the sanitizer stages leave it out.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ "${JISAS_SANITIZERS:-1}" != 0 ]; then
  bash scripts/test-sanitizers.sh asan tsan fuzz
fi
