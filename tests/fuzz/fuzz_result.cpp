// libFuzzer targets (issue 17), built twice from this file: fuzz_summary reads any bytes
// as a result file with `jisas-sim summary` (table and --csv); fuzz_merge (JISAS_FUZZ_MERGE)
// merges them as the one shard of a run (a seed shard is 0/1 of its run, so a valid one is
// merged in full). Either output or InputError; a crash, a sanitizer report, another
// exception (exit 70 in the CLI) or HDF5's own exception escaping is a finding. At exit it
// prints how many inputs crashed libhdf5 in the read probe (io/hdf5_probe.h).
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "app/run_command.h"
#include "engine/errors.h"
#include "io/hdf5_probe.h"

namespace {

long inputs = 0;

void report_probes() {
  std::fprintf(stderr, "fuzz_result: %ld of %ld inputs crashed libhdf5 in the read probe\n",
               jisas::io::crashed_hdf5_probes(), inputs);
}

// One directory per fuzzing process: the input file and merge's output, rewritten each time.
const std::string& work_dir() {
  static const std::string dir = [] {
    std::string d = "/tmp/jisas-fuzz-result-" + std::to_string(::getpid());
    ::mkdir(d.c_str(), 0700);
    return d;
  }();
  return dir;
}

#if JISAS_FUZZ_MERGE
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
#else
void run_summary(const std::string& path) {
  for (const bool csv : {false, true}) {
    std::ostringstream out;
    try {
      jisas::app::print_summary(path, csv, std::nullopt, out);
    } catch (const jisas::InputError&) {
    }
  }
}
#endif

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = work_dir() + "/input.h5";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  if (inputs++ == 0) std::atexit(report_probes);
#if JISAS_FUZZ_MERGE
  run_merge(path);
#else
  run_summary(path);
#endif
  return 0;
}
