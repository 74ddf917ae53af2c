#!/usr/bin/env bash
# Runs a command that must fail: checks its exit code, that stderr is exactly one line,
# and that the line matches an extended regular expression.
# Usage: expect_error.sh EXIT_CODE REGEX command [args...]
set -u
expected_code=$1
pattern=$2
shift 2
stderr_file=$(mktemp)
trap 'rm -f "$stderr_file"' EXIT
"$@" >/dev/null 2>"$stderr_file"
code=$?
lines=$(wc -l <"$stderr_file")
message=$(cat "$stderr_file")
status=0
if [ "$code" -ne "$expected_code" ]; then
  echo "FAIL: exit code $code, expected $expected_code"; status=1
fi
if [ "$lines" -ne 1 ]; then
  echo "FAIL: stderr has $lines lines, expected exactly 1"; status=1
fi
if ! grep -Eq -- "$pattern" <<<"$message"; then
  echo "FAIL: stderr does not match /$pattern/"; status=1
fi
echo "stderr: $message"
exit $status
