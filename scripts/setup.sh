#!/usr/bin/env bash
# Installs the Debian packages jisas-sim needs (only those missing), then configures and
# builds it in ./build. Safe to run again: it does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build git               # toolchain
  libboost-dev libboost-math-dev          # Boost 1.74: Random, Math, odeint
  libtbb-dev libhdf5-dev libyaml-cpp-dev  # oneTBB, HDF5 C++ API, yaml-cpp
  libcli11-dev libfmt-dev catch2          # command line, formatting, unit tests
  libdeflate-dev                          # deflating the tables' chunks (io/deflated_chunks.h)
  r-base-core r-cran-survival r-cran-jsonlite  # tests: cross-check against R
  r-cran-rpact                            # tests: group-sequential reference values (tests/r/)
  r-cran-hdf5r                            # tests: read our files from R
  python3-h5py python3-numpy hdf5-tools   # tests: read the output back
  python3-matplotlib python3-yaml         # jisas-sim plot, jisas-sim report
  chromium                                # tests: render the report (headless)
  slurm-wlm munge                         # tests: scripts/slurm_array.sh under a real Slurm
  libopenmpi-dev openmpi-bin              # optional: mpirun -n R jisas-sim run
  clang libclang-rt-14-dev                # tests: libFuzzer targets (scripts/test-sanitizers.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j "$(nproc)"
