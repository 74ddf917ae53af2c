#!/usr/bin/env bash
# Runs a command that must fail: checks its exit code, that stderr is exactly one line,
# and that the line matches an extended regular expression.
# Usage: expect_error.sh EXIT_CODE REGEX command [args...]
# With EXPECT_ABSENT=path in the environment, also checks that path does not exist
# afterwards (a failed run leaves no output file, nor a temporary file or lock); with
# EXPECT_NO_CHECKPOINT=1 also no path.checkpoint (a run that failed before its first
# cohort; a full disk keeps the checkpoint to resume from).
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
if [ -n "${EXPECT_ABSENT:-}" ] && [ -e "$EXPECT_ABSENT" ]; then
  echo "FAIL: $EXPECT_ABSENT exists after the failed run"; status=1
fi
if [ -n "${EXPECT_NO_CHECKPOINT:-}" ] && [ -e "$EXPECT_ABSENT.checkpoint" ]; then
  echo "FAIL: $EXPECT_ABSENT.checkpoint was left behind"; status=1
fi
if [ -n "${EXPECT_ABSENT:-}" ] && compgen -G "$EXPECT_ABSENT.tmp*" >/dev/null; then
  echo "FAIL: a temporary file $EXPECT_ABSENT.tmp* was left behind"; status=1
fi
# jisas-sim's marked temporaries and output lock: DIR/.NAME.jisas-tmp.*, DIR/.NAME.jisas-lock
hidden="$(dirname "${EXPECT_ABSENT:-x}")/.$(basename "${EXPECT_ABSENT:-x}")"
if [ -n "${EXPECT_ABSENT:-}" ] && compgen -G "$hidden.jisas-*" >/dev/null; then
  echo "FAIL: $(compgen -G "$hidden.jisas-*" | head -1) was left behind"; status=1
fi
echo "stderr: $message"
exit $status
