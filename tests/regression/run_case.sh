#!/usr/bin/env bash
# Usage: run_case.sh JISAS_SIM SOURCE_DIR CASE_DIR — runs the case and diffs its stdout.
set -eu
exe=$1 source_dir=$2 case_dir=$3
mapfile -t args < <(sed "s|@SOURCE@|$source_dir|g" "$case_dir/cmd")
cd "$source_dir"
diff -u "$case_dir/expected.txt" <("$exe" "${args[@]}")
