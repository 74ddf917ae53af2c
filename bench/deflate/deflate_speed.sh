#!/usr/bin/env bash
# zlib (what HDF5's deflate filter calls) against libdeflate (io/deflated_chunks.h) on the
# packed rows of /cohorts (issue 18): COHORTS cohorts of SCENARIO are simulated, their rows
# read back with h5py and compressed whole chunk by whole chunk at each level.
# Usage: bench/deflate/deflate_speed.sh build/jisas-sim [SCENARIO] [COHORTS]
set -euo pipefail
exe=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd) root=$(cd "$(dirname "$0")/../.." && pwd)
scenario=${2:-$root/scenarios/jisas.yaml} cohorts=${3:-30000}
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
g++ -O2 -std=c++20 -o "$work/deflate_speed" "$here/deflate_speed.cpp" -ldeflate -lz
"$exe" run "$scenario" --cohorts "$cohorts" --quiet -o "$work/rows.h5" >/dev/null
row_bytes=$(/usr/bin/python3 - "$work/rows.h5" "$work/rows.bin" <<'PY'
import sys, h5py
rows = h5py.File(sys.argv[1], "r")["cohorts"][:]
open(sys.argv[2], "wb").write(rows.tobytes())  # the file's packed layout
print(rows.dtype.itemsize)
PY
)
echo "/cohorts of $(basename "$scenario"), $cohorts rows of $row_bytes bytes, 4096-row chunks:"
"$work/deflate_speed" "$work/rows.bin" "$row_bytes"
