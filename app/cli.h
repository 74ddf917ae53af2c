// The jisas-sim command line: parses arguments, dispatches to a command, and maps the
// two kinds of failure to their exit codes (0 ok, 2 input error, 70 internal error).
#pragma once

namespace jisas::app {

int run_cli(int argc, char** argv);

// Flushes standard output and checks every write to it succeeded: a table written to a
// full disk or a closed pipe is a failure (one line, exit 2), not a silent exit 0.
// Returns `code`, or kExitInputError if the writes failed and `code` was 0.
int finish_standard_output(int code);

}  // namespace jisas::app
