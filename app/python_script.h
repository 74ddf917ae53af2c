// Running one of the Python scripts of scripts/ (plot_results.py, report.py) with Debian's
// python3: what `plot` and `report` share.
#pragma once

#include <string>
#include <vector>

namespace jisas::app {

struct PythonScript {
  std::string command;                 // the jisas-sim command, for messages: "plot"
  std::string name;                    // the script's own prefix on stderr: "plot_results.py"
  std::string path;                    // the script to run
  std::vector<std::string> arguments;  // after the script
};

// The script's stdout goes straight through; its stderr is captured, so that whatever it
// prints, even a Python traceback, jisas-sim reports in one line. Exit code 2 of the script
// is bad input (an InputError), anything else but 0 a bug in it (std::runtime_error);
// on success its notes are forwarded under jisas-sim's name.
void run_python_script(const PythonScript& script);

// The path of the running jisas-sim executable (for a script that calls it back).
std::string own_executable();

}  // namespace jisas::app
