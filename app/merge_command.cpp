// `jisas-sim merge part-*.h5 -o all.h5`: the shards of one run, checked and joined into
// the file a single run writes (same datasets, bit for bit; docs/hpc.md). Each part is
// checked against the format first (io/result_file_check.h), then against the others and
// the scenario they record, and its /cohorts keys row by row: a damaged part is one error
// line and no output, never a crash or silently zero fields.
#include <algorithm>
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "app/run_command.h"
#include "app/run_setup.h"
#include "app/version.h"
#include "engine/errors.h"
#include "io/hdf5_probe.h"
#include "io/hdf5_types.h"
#include "io/result_file.h"
#include "io/result_file_check.h"
#include "scenarios/scenario_loader.h"
#include "trial/cohort_work.h"

namespace jisas::app {
namespace {

using H5::PredType;

struct Part {
  std::string path;
  H5::H5File file;
  io::ResultShape shape;
  int index = 0;
  int count = 0;
};

// What must be equal across the parts of one run.
struct Identity {
  std::string yaml, tool, commit;
  std::uint64_t seed = 0;
  std::int64_t cohorts = 0;
  std::vector<std::string> overrides;  // --set: the same file with other overrides is another run
  bool operator==(const Identity&) const = default;
};

template <class T>
T scalar_attribute(const H5::H5File& f, const std::string& name, const H5::PredType& type) {
  T value{};
  f.openAttribute(name).read(type, &value);
  return value;
}

Identity identity(const H5::H5File& f) {
  // Files before format 1.5 have no overrides attribute: they had no overrides.
  const char* const overrides = "scenario_overrides";
  return {io::h5::read_string_attribute(f, "scenario_yaml"),
          io::h5::read_string_attribute(f, "tool_version"),
          io::h5::read_string_attribute(f, "git_commit"),
          scalar_attribute<std::uint64_t>(f, "seed", PredType::NATIVE_UINT64),
          scalar_attribute<std::int64_t>(f, "cohorts_per_point", PredType::NATIVE_INT64),
          f.attrExists(overrides) ? io::h5::read_strings_attribute(f, overrides)
                                  : std::vector<std::string>{}};
}

Part open_checked_part(const std::string& path) {
  io::CheckedResultFile checked = io::open_checked_result_file(path, io::ResultUse::Merge);
  if (!checked.shape.shard)
    throw InputError(fmt::format("{}: not a shard (no 'shard' attribute)", path));
  const auto [index, count] = *checked.shape.shard;  // 0 <= index < count, checked
  return {path, std::move(checked.file), checked.shape, index, count};
}

// The parts against the scenario they record: the same design points, tests, landmarks
// and look fields, or rows would be merged into the wrong places.
void check_against_scenario(const std::vector<Part>& parts, const scenarios::Scenario& sc,
                            const io::RunInfo& info) {
  for (const Part& p : parts) {
    const io::ResultShape& s = p.shape;
    if (s.points != sc.points.size() || s.tests != info.test_names.size() ||
        s.landmarks != info.landmark_names.size()) {
      throw InputError(fmt::format(
          "{}: {} design points, {} tests and {} landmarks, but its scenario has {}, {} and {}",
          p.path, s.points, s.tests, s.landmarks, sc.points.size(), info.test_names.size(),
          info.landmark_names.size()));
    }
    if (s.cohort_looks != info.has_looks) {
      throw InputError(fmt::format("{}: /cohorts {} the interim-look fields, but its scenario {}",
                                   p.path, s.cohort_looks ? "has" : "lacks",
                                   info.has_looks ? "has looks" : "has none"));
    }
  }
}

// The parts must be shards 0..N-1 of one run, each exactly once.
void check_parts(const std::vector<Part>& parts) {
  const Identity first = identity(parts.front().file);
  std::map<int, std::string> seen;
  for (const Part& p : parts) {
    if (!(identity(p.file) == first)) {
      throw InputError(fmt::format(
          "{}: not from the same run as {} (scenario, --set overrides, seed, cohorts or "
          "jisas-sim version differ)",
          p.path, parts.front().path));
    }
    if (p.count != parts.front().count) {
      throw InputError(fmt::format("{}: shard of {} parts, but {} is of {}", p.path, p.count,
                                   parts.front().path, parts.front().count));
    }
    if (!seen.emplace(p.index, p.path).second) {
      throw InputError(fmt::format("{}: shard {}/{} given twice (also {})", p.path, p.index,
                                   p.count, seen[p.index]));
    }
  }
  for (int k = 0; k < parts.front().count; ++k) {
    if (!seen.contains(k))
      throw InputError(fmt::format("shard {}/{} is missing", k, parts.front().count));
  }
  if (first.tool != kToolVersion || first.commit != kGitCommit) {
    throw InputError(fmt::format("{}: written by jisas-sim {} ({}), this is {} ({})",
                                 parts.front().path, first.tool, first.commit, kToolVersion,
                                 kGitCommit));
  }
}

// Each row of design point p is its cohort of the part's range, in order: a damaged key
// would otherwise be summarised and written as if it were right.
void check_keys(const Part& part, const std::vector<analysis::CohortResult>& rows, std::size_t p,
                std::int64_t first) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::int64_t cohort = first + static_cast<std::int64_t>(i);
    if (rows[i].design_point == static_cast<std::int32_t>(p) && rows[i].cohort == cohort) continue;
    throw InputError(fmt::format(
        "{}: /cohorts row {} is design point {} cohort {}, expected design point {} cohort {}",
        part.path, p * rows.size() + i, rows[i].design_point, rows[i].cohort, p, cohort));
  }
}

template <class Row>
std::vector<Row> read_rows(const H5::DataSet& ds, hsize_t first, hsize_t count,
                           const H5::CompType& type) {
  std::vector<Row> rows(count);
  if (count == 0) return rows;
  H5::DataSpace space = ds.getSpace();
  space.selectHyperslab(H5S_SELECT_SET, &count, &first);
  const H5::DataSpace memory(1, &count);
  ds.read(rows.data(), type, memory, space);
  return rows;
}

hsize_t rows_of(const H5::DataSet& ds) {
  hsize_t n = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  return n;
}

// A part's /cohorts rows as merge reads them (the part is of this format version).
H5::CompType cohort_type(const io::ResultShape& shape) {
  return io::h5::cohort_type(
      io::h5::cohort_columns(shape.cohort_looks, shape.landmarks, shape.tests));
}

// Every read merge makes of a part, for the probe (io/hdf5_probe.h): libhdf5 may crash on
// a damaged one before any check can tell.
void read_everything(const std::string& path) {
  const Part part = open_checked_part(path);
  identity(part.file);
  const auto all = [&](const char* name, const H5::CompType& type, auto row) {
    const H5::DataSet ds = part.file.openDataSet(name);
    read_rows<decltype(row)>(ds, 0, rows_of(ds), type);
  };
  all("cohorts", cohort_type(part.shape), analysis::CohortResult{});
  all("patients", io::h5::patient_type(), io::h5::Tagged<analysis::PatientRecord>{});
  all("measurements", io::h5::measurement_type(), io::h5::Tagged<analysis::Measurement>{});
}

Part open_part(const std::string& path) {
  io::probe_hdf5_read(path, [&] { read_everything(path); });
  return open_checked_part(path);
}

// io::Tagged rows of one design point, appended per cohort in file order.
template <class Record, class Append>
void copy_tagged(const H5::DataSet& ds, const H5::CompType& type, int point, Append append) {
  const auto rows = read_rows<io::h5::Tagged<Record>>(ds, 0, rows_of(ds), type);
  std::vector<Record> group;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].design_point != point) continue;
    group.push_back(rows[i].record);
    if (i + 1 == rows.size() || rows[i + 1].cohort != rows[i].cohort ||
        rows[i + 1].design_point != point) {
      append(rows[i].cohort, group);
      group.clear();
    }
  }
}

void copy_part_point(const scenarios::Scenario& sc, std::size_t p, const Part& part,
                     io::ResultFile& out, analysis::DesignSummary& summary) {
  const trial::CohortRange range = trial::shard_range(sc.cohorts, part.index, part.count);
  const auto size = static_cast<hsize_t>(range.last - range.first);
  const H5::DataSet cohorts = part.file.openDataSet("cohorts");
  if (rows_of(cohorts) != size * sc.points.size()) {
    throw InputError(fmt::format("{}: /cohorts has {} rows, expected {}", part.path,
                                 rows_of(cohorts), size * sc.points.size()));
  }
  const auto rows =
      read_rows<analysis::CohortResult>(cohorts, p * size, size, cohort_type(part.shape));
  check_keys(part, rows, p, range.first);
  for (const auto& row : rows) summary.add(row);
  out.append_cohorts(rows);
  const auto point = static_cast<int>(p);
  copy_tagged<analysis::PatientRecord>(
      part.file.openDataSet("patients"), io::h5::patient_type(), point,
      [&](std::int64_t c, const auto& g) { out.append_patients(point, c, g); });
  copy_tagged<analysis::Measurement>(
      part.file.openDataSet("measurements"), io::h5::measurement_type(), point,
      [&](std::int64_t c, const auto& g) { out.append_measurements(point, c, g); });
}

void copy_point(const scenarios::Scenario& sc, std::size_t p, const std::vector<Part>& parts,
                io::ResultFile& out, analysis::DesignSummary& summary) {
  for (const Part& part : parts) {
    try {
      copy_part_point(sc, p, part, out, summary);
    } catch (const H5::Exception& e) {  // a damaged chunk: the check reads no data
      throw InputError(io::damaged_file_message(part.path, e));
    }
  }
}

}  // namespace

void merge_shards(const MergeOptions& options, std::ostream& out) {
  std::vector<Part> parts;
  for (const auto& path : options.parts) parts.push_back(open_part(path));
  try {
    check_parts(parts);
    std::sort(parts.begin(), parts.end(),
              [](const Part& a, const Part& b) { return a.index < b.index; });
    const H5::H5File& first = parts.front().file;
    const Identity run = identity(first);
    scenarios::Scenario sc = scenarios::parse_scenario(
        run.yaml, io::h5::read_string_attribute(first, "scenario_path"), run.overrides);
    sc.seed = run.seed;
    sc.cohorts = static_cast<int>(run.cohorts);  // 1 to INT_MAX, checked
    const io::RunInfo info = make_run_info(sc);
    check_against_scenario(parts, sc, info);
    io::ResultFile file(options.output_path, options.force, info);
    write_design_points(sc, file);
    std::vector<analysis::DesignSummary> summaries =
        make_summaries(sc, trial::make_boundary_twins(sc));
    for (std::size_t p = 0; p < sc.points.size(); ++p) copy_point(sc, p, parts, file, summaries[p]);
    file.write_summary(summaries);
    file.commit();
    fmt::print(out, "{}: merged {} shards into {}\n", sc.name, parts.size(), options.output_path);
    print_run_table(sc, summaries, out);
  } catch (const H5::Exception& e) {
    throw InputError(fmt::format("merge: corrupt or truncated shard ({})", e.getDetailMsg()));
  }
}

}  // namespace jisas::app
