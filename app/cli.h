// The jisas-sim command line: parses arguments, dispatches to a command, and maps the
// two kinds of failure to their exit codes (0 ok, 2 input error, 70 internal error).
#pragma once

namespace jisas::app {

int run_cli(int argc, char** argv);

}  // namespace jisas::app
