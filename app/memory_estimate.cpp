#include "app/memory_estimate.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <variant>

#include <fmt/format.h>

#include "analysis/cohort/design_summary.h"
#include "analysis/cohort/records.h"
#include "engine/errors.h"
#include "io/hdf5_types.h"
#include "scenarios/run_limits.h"
#include "trial/boundary_twins.h"
#include "trial/null_twins.h"

namespace jisas::app {
namespace {

// The process before any scenario: code, libraries, thread pools and HDF5's caches
// (bench/RESULTS.md: 26 to 32 MiB for a one-point run).
constexpr std::size_t kBaseBytes = std::size_t{48} << 20;
// The block runner keeps at most 4 blocks of 64 cohorts per thread in flight
// (engine/cohort_runner.h, app/run_command.cpp kBlock), each also encoded once for the
// checkpoint.
constexpr std::size_t kCohortsInFlightPerThread = 4 * 64;
// Per patient, besides its record: its entry day and arm, and what a cohort's analysis
// copies at once (times, statuses, orders of the KM, tests and medians).
constexpr std::size_t kScratchPerPatient = sizeof(double) + sizeof(int) + 8 * sizeof(double);

// malloc's header and rounding per allocation, and about how many a point makes (its
// summary's distributions, two vectors each, and its spec's vectors and strings).
constexpr std::size_t kAllocationOverhead = 32;
constexpr std::size_t kAllocationsPerPoint = 96;

template <class T>
std::size_t vector_bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

// A design point with what its vectors hold (tests' and looks' own lists counted at
// their struct size).
std::size_t point_bytes(const scenarios::DesignPoint& p) {
  std::size_t sum =
      sizeof(scenarios::DesignPoint) + vector_bytes(p.axis_values) + vector_bytes(p.axis_labels) +
      vector_bytes(p.analysis.landmarks) + vector_bytes(p.analysis.tests) +
      vector_bytes(p.analysis.looks) + vector_bytes(p.protocol.visits.phases) +
      vector_bytes(p.design.accrual.rate_from) + vector_bytes(p.design.accrual.rates_per_day);
  std::visit(
      [&](const auto& spec) {
        if constexpr (requires { spec.days; }) sum += vector_bytes(spec.days) * 2;
      },
      p.kinetics);
  return sum;
}

// Copies of the point the run keeps besides sc.points (and the row written to
// /design_points, counted as one more): its null twins and (at most one per test) boundary
// twins.
std::size_t twin_copies(const scenarios::DesignPoint& p) {
  std::size_t copies = 0;
  const trial::NullTwins twins = trial::make_null_twins(p);
  for (const auto& twin : twins.points) copies += twin.has_value();
  const bool boundary = p.analysis.null_twin && p.analysis.truth_patients > 0 &&
                        std::holds_alternative<scenarios::HazardModelSpec>(p.kinetics);
  return copies + (boundary ? p.analysis.tests.size() : 0);
}

std::size_t measurement_bytes(const scenarios::DesignPoint& p, double follow_up_days) {
  const double visits = scenarios::planned_visits(p.protocol.visits, follow_up_days) + 1.0;
  return static_cast<std::size_t>(visits) * sizeof(analysis::Measurement);
}

struct Parts {
  std::size_t points = 0, cohorts = 0, kept = 0, truth = 0;
  bool grows_with_cohorts = false;  // a summary past its fixed size (the looks' days)
};

// The parts of the peak of one design point's setting, the largest over the grid.
void add_point(const scenarios::Scenario& sc, const scenarios::DesignPoint& p, int threads,
               MemoryEstimate& e, Parts& parts) {
  const auto n = static_cast<std::size_t>(p.design.sample_size);
  const std::size_t twins = twin_copies(p);
  // At the end /summary is written: a record per point, converted by HDF5 into a second
  // buffer of the packed type, and the histograms gathered, grown by doubling.
  const std::size_t written = 2 * sizeof(io::h5::SummaryRecord) +
                              2 * (5 + p.analysis.landmarks.size()) *
                                  (static_cast<std::size_t>(p.analysis.histogram_bins) + 1) *
                                  sizeof(double);
  const std::size_t point = analysis::DesignSummary::max_bytes(p, sc.cohorts) + written +
                            point_bytes(p) * (2 + twins) + sizeof(trial::NullTwins) +
                            sizeof(trial::BoundaryTwins) +
                            kAllocationsPerPoint * kAllocationOverhead;
  // The cohort's records and its twin's, simulated one after the other.
  const std::size_t cohort = 2 * n * (sizeof(analysis::PatientRecord) + kScratchPerPatient);
  const double follow_up = scenarios::longest_follow_up(p.design);
  const std::size_t kept_cohort =
      n * (sizeof(analysis::PatientRecord) + measurement_bytes(p, follow_up));
  const double landmark = p.analysis.landmarks.empty() ? 0.0 : p.analysis.landmarks.back();
  const auto truth_n = static_cast<std::size_t>(std::max(p.analysis.truth_patients, 0));
  const std::size_t truth =
      truth_n * (sizeof(analysis::PatientRecord) + kScratchPerPatient +
                 measurement_bytes(p, landmark + 4.0 * scenarios::kDaysPerMonth));
  e.per_point = std::max(e.per_point, point);
  const long fixed = analysis::StreamingDistribution::kExactValues + 1;
  parts.grows_with_cohorts =
      parts.grows_with_cohorts || analysis::DesignSummary::max_bytes(p, sc.cohorts) >
                                      analysis::DesignSummary::max_bytes(p, fixed);
  e.per_cohort = std::max(e.per_cohort, cohort);
  const auto in_flight = kCohortsInFlightPerThread * static_cast<std::size_t>(threads);
  const std::size_t kept_in_flight =
      std::min(in_flight, static_cast<std::size_t>(sc.output.patient_cohorts) * sc.points.size());
  parts.points = std::max(parts.points, point * sc.points.size());
  parts.cohorts = std::max(parts.cohorts, cohort * static_cast<std::size_t>(threads) +
                                              2 * in_flight * sizeof(analysis::CohortOutput));
  parts.kept = std::max(parts.kept, 2 * kept_in_flight * kept_cohort);
  // Boundary twins search their truth samples on every thread at once.
  parts.truth = std::max(parts.truth, truth * static_cast<std::size_t>(threads));
}

// What makes the design points' part large: the cohorts if a point's summary grows with
// them, else the grid (its first axis of more than one value).
std::string points_key(const scenarios::Scenario& sc, const Parts& parts) {
  if (parts.grows_with_cohorts) return "cohorts";
  for (const auto& axis : sc.axes) {
    if (axis.values.size() > 1) return axis.key;
  }
  return "cohorts";
}

}  // namespace

MemoryEstimate estimate_memory(const scenarios::Scenario& sc, int threads) {
  MemoryEstimate e;
  Parts parts;
  for (const auto& p : sc.points) add_point(sc, p, std::max(threads, 1), e, parts);
  // The writer's pending /cohorts rows, one chunk.
  const std::size_t writer = io::h5::kChunkRows * sizeof(analysis::CohortResult);
  e.peak = kBaseBytes + writer + parts.points + parts.cohorts + parts.kept + parts.truth;
  const std::array<std::pair<std::size_t, std::string>, 4> blame = {{
      {parts.points, points_key(sc, parts)},
      {parts.cohorts, "design.sample_size"},
      {parts.kept, "output.patients.cohorts"},
      {parts.truth, "analysis.truth_patients"},
  }};
  e.key = std::max_element(blame.begin(), blame.end())->second;
  return e;
}

std::size_t machine_memory_bytes() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  std::size_t bytes = pages > 0 && page > 0
                          ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page)
                          : SIZE_MAX;
  // cgroup v2: "max" or a byte count.
  std::ifstream limit("/sys/fs/cgroup/memory.max");
  std::size_t cgroup = 0;
  if (limit >> cgroup && cgroup > 0) bytes = std::min(bytes, cgroup);
  return bytes;
}

std::string format_bytes(double bytes) {
  constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  std::size_t u = 0;
  while (bytes >= 1024.0 && u + 1 < std::size(kUnits)) {
    bytes /= 1024.0;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, kUnits[u]);
}

void check_memory(const scenarios::Scenario& sc, const MemoryEstimate& e) {
  const std::size_t machine = machine_memory_bytes();
  if (e.peak <= machine) return;
  const auto it = sc.key_locations.find(e.key);
  const std::string where = it != sc.key_locations.end() ? it->second : sc.source_path;
  throw InputError(fmt::format(
      "{}: {}: the run needs about {} of memory ({} per design point, {} per cohort in "
      "simulation), more than this machine's {}",
      where, e.key, format_bytes(static_cast<double>(e.peak)),
      format_bytes(static_cast<double>(e.per_point)),
      format_bytes(static_cast<double>(e.per_cohort)), format_bytes(static_cast<double>(machine))));
}

}  // namespace jisas::app
