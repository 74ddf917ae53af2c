// libFuzzer target (issue 17): any bytes as a result file for `jisas-sim summary` (table
// and --csv) and as the one shard of `jisas-sim merge` (a seed shard is 0/1 of its run, so
// a valid one is merged in full). Either output or InputError; a crash, a sanitizer report,
// another exception (exit 70 in the CLI) or HDF5's own exception escaping is a finding.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/run_command.h"
#include "engine/errors.h"

namespace {

// One directory per fuzzing process: the input file and merge's output, rewritten each time.
const std::string& work_dir() {
  static const std::string dir = [] {
    std::string d = "/tmp/jisas-fuzz-result-" + std::to_string(::getpid());
    ::mkdir(d.c_str(), 0700);
    return d;
  }();
  return dir;
}

void run_summary(const std::string& path) {
  for (const bool csv : {false, true}) {
    std::ostringstream out;
    try {
      jisas::app::print_summary(path, csv, std::nullopt, out);
    } catch (const jisas::InputError&) {
    }
  }
}

void run_merge(const std::string& path) {
  jisas::app::MergeOptions options;
  options.parts = {path};
  options.output_path = work_dir() + "/merged.h5";
  options.force = true;
  std::ostringstream out;
  try {
    jisas::app::merge_shards(options, out);
  } catch (const jisas::InputError&) {
  }
  std::remove(options.output_path.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = work_dir() + "/input.h5";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  run_summary(path);
  run_merge(path);
  return 0;
}
