// libFuzzer target: any bytes as the patient CSV of `jisas-sim analyze`, read and
// analysed with the option sets the seed files use (columns of tests/cli/data and of
// scenarios/jisas_interim.csv). Either a report or InputError; anything else is a finding.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/analyze_command.h"
#include "engine/errors.h"

namespace {

std::vector<jisas::app::AnalyzeOptions> option_sets(const std::string& path) {
  jisas::app::AnalyzeOptions plain;
  plain.data_path = path;
  jisas::app::AnalyzeOptions covariate = plain;
  covariate.covariate_column = "cmr";
  covariate.landmarks = {6, 12};
  covariate.json = true;
  jisas::app::AnalyzeOptions interim = plain;  // the JISAS interim data's columns
  interim.time_column = "months";
  interim.event_column = "relapse";
  interim.covariate_column = "cmr_months";
  interim.group_column = "prior_ifn";
  interim.landmarks = {1, 6, 12};
  return {plain, covariate, interim};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // analyze reads a file: one per fuzzing process, rewritten for every input.
  static const std::string path = "/tmp/jisas-fuzz-csv-" + std::to_string(::getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  for (const auto& options : option_sets(path)) {
    std::ostringstream report;
    try {
      jisas::app::run_analyze(options, report);
    } catch (const jisas::InputError&) {
    }
  }
  return 0;
}
