// The one place where a result file or shard is checked against docs/output-format.md
// ("Validation") before any reader touches it: root attributes (type and length, lengths
// consistent with test_names and landmark_names, values the readers compute with), every
// dataset's compound members (names, types, array shapes) as of the file's format version,
// row counts consistent with /design_points and cohorts_per_point, and `shard`. Readers
// (summary, merge, plot, report) may then index without bounds checks: a damaged file is
// one InputError naming the file and what is wrong, never a crash or silent zeros.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include <H5Cpp.h>

namespace jisas::io {

// What the check established, for the reader that goes on.
struct ResultShape {
  int format_minor = 0;
  std::size_t points = 0;     // rows of /design_points (and /summary, /truth, /eligibility)
  std::size_t tests = 0;      // entries of test_names
  std::size_t landmarks = 0;  // entries of landmark_names
  long cohorts_per_point = 0;
  bool cohort_looks = false;                // /cohorts carries the interim-look fields
  std::optional<std::array<int, 2>> shard;  // [k, N], 0 <= k < N, in a shard
};

// Summary: the file as summary, plot and report read it (any supported 1.x version).
// Merge: a shard to be joined; besides, it must be of this jisas-sim's format version,
// since merge reads every member of /cohorts, /patients and /measurements.
enum class ResultUse { Summary, Merge };

struct CheckedResultFile {
  H5::H5File file;
  ResultShape shape;
};

// Opens `path` read-only and checks it. Throws InputError("PATH: what is wrong") for a
// missing, foreign, truncated or damaged file; HDF5's own errors become the same.
CheckedResultFile open_checked_result_file(const std::string& path,
                                           ResultUse use = ResultUse::Summary);

// The check alone, for a file already open (the same InputError, with `path`).
ResultShape check_result_file(const H5::H5File& file, const std::string& path,
                              ResultUse use = ResultUse::Summary);

// For readers outside this process (plot_results.py and report.py read every dataset with
// h5py, on the same libhdf5): the check, then every dataset and string attribute read in
// the probe of io/hdf5_probe.h, so that a file libhdf5 would crash on is refused first.
void check_whole_result_file(const std::string& path);

// One line for an HDF5 exception from reading `path` after the check (a damaged chunk).
std::string damaged_file_message(const std::string& path, const H5::Exception& e);

}  // namespace jisas::io
