// `jisas-sim report out.h5 -o report.html`: one self-contained HTML page of the design
// (assumptions, design table, figures, closed forms, reproducibility record), written by
// scripts/report.py with Debian's matplotlib and h5py, as `plot` draws its figures.
#include <cstdlib>
#include <string>
#include <vector>

#include "app/python_script.h"
#include "app/run_command.h"
#include "io/result_file.h"
#include "io/result_file_check.h"

namespace jisas::app {
namespace {

// JISAS_REPORT_SCRIPT in the environment overrides the script of the source tree.
std::string report_script() {
  if (const char* path = std::getenv("JISAS_REPORT_SCRIPT")) return path;
  return JISAS_DEFAULT_REPORT_SCRIPT;
}

}  // namespace

// The script calls this executable back for `summary --csv` (the closed forms), so that the
// page shows exactly the numbers `summary` prints.
void write_report(const ReportOptions& options) {
  // One line for a missing, foreign or damaged file, before the script reads it with h5py.
  io::read_summary(options.result_path);
  io::check_whole_result_file(options.result_path);
  std::vector<std::string> args{options.result_path, "-o", options.output_path, "--jisas-sim",
                                own_executable()};
  if (options.force) args.emplace_back("--force");
  run_python_script({"report", "report.py", report_script(), args});
}

}  // namespace jisas::app
