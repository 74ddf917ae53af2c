// The HDF5 result file (layout in docs/output-format.md). Written under a marked temporary
// name beside the final path and renamed only by commit(), so a final file exists only
// when the run is complete; an existing file is never overwritten without `force`, not
// even one that appears during the run; the output is locked for the object's life.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "analysis/cohort/cohort_test.h"
#include "analysis/cohort/design_summary.h"
#include "analysis/cohort/records.h"
#include "io/eligibility_table.h"
#include "io/looks_table.h"
#include "io/truth_table.h"

namespace jisas::io {

inline constexpr const char* kFileType = "jisas-sim-result";
inline constexpr int kFormatVersionMajor = 1;
// 1.1: null twins (type I error); 1.2: each test's description record (test_kinds,
// test_at_days, test_null_rates, test_alternatives, test_statistics, test_closed_forms,
// test_effects) and /summary.hazard_ratio_quantiles.
// 1.3: the interim looks and the group-sequential decision in /cohorts.
// 1.4: look-date quantiles, look_test, two_stage_design, allocation_ratio, /eligibility.
// 1.5: /design_points attribute axis_labels (grid values as the scenario wrote them),
// /truth (the model's truth per design point), scenario_overrides (the run's --set texts).
// 1.6: per-arm fields in /cohorts and /summary, the boundary twins (/cohorts
// boundary_p_value and boundary_reject, /summary size_at_boundary, /truth boundary_rate and
// boundary_cure_fraction).
// 1.7: the per-landmark and per-test arrays of /cohorts hold n_landmarks and n_tests slots
// (at least 1), not 8 (io/hdf5_types.h, CohortColumns).
inline constexpr int kFormatVersionMinor = 7;

struct RunInfo {
  std::string scenario_name;
  std::string scenario_path;
  std::string scenario_yaml;                    // verbatim
  std::vector<std::string> scenario_overrides;  // --set KEY=VALUE applied to it, in order
  std::uint64_t seed = 0;
  int seeding_scheme = 0;
  std::string tool_version;
  std::string git_commit;
  std::string created_utc;  // ISO 8601
  long cohorts_per_point = 0;
  std::vector<std::string> landmark_names;  // e.g. "6mo"
  std::vector<double> landmark_days;
  std::vector<std::string> test_names;
  std::vector<double> test_alphas;
  // Each test's description record (analysis/cohort/cohort_test.h), one entry per test.
  std::vector<std::string> test_kinds;         // the scenario's test type names
  std::vector<double> test_at_days;            // landmark of landmark tests (NaN otherwise)
  std::vector<double> test_null_rates;         // historical rate at the landmark (NaN otherwise)
  std::vector<std::string> test_alternatives;  // two.sided, less, greater
  std::vector<std::string> test_statistics;    // what /cohorts.statistic holds
  std::vector<std::string> test_closed_forms;  // the closed form `summary` prints beside it
  std::vector<std::string> test_effects;       // what its null twin removes: ifn, covariate
  double target_power = 0.8;
  bool has_looks = false;  // some design point has interim looks: /cohorts carries their fields
  std::string look_test;   // the test the looks decide on (empty without looks)
  std::vector<int> two_stage_design;  // n1, r1, n, r of a two-stage design (else empty)
  std::vector<int> allocation_ratio;  // experimental, control of a randomized design (else empty)
  int shard_index = -1;  // a part of a sharded run (attributes only when shard_count > 0)
  int shard_count = 0;
};

// One row of /design_points: the index, the grid axes' values and the sample size.
struct DesignPointRow {
  int index = 0;
  int sample_size = 0;
  std::vector<double> axis_values;       // in the order of axis_names
  std::vector<std::string> axis_labels;  // the values as the scenario wrote them ("24mo")
};

class ResultFile {
 public:
  // Locks final_path against other runs (io/output_lock.h) for the object's life; throws
  // InputError if another run holds it, if final_path exists and !force, or is a
  // directory, or cannot be written. Every write failure is one line: InputError naming
  // the file for a full disk, a quota or an I/O error (io/hdf5_errors.h).
  ResultFile(std::string final_path, bool force, const RunInfo& info);
  ~ResultFile();  // removes the temporary file unless commit() ran
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  void write_design_points(const std::vector<std::string>& axis_names,
                           std::span<const DesignPointRow> rows);
  void append_cohorts(std::span<const analysis::CohortResult> rows);  // in cohort order
  void append_patients(std::int32_t design_point, std::int64_t cohort,
                       std::span<const analysis::PatientRecord> patients);
  void append_measurements(std::int32_t design_point, std::int64_t cohort,
                           std::span<const analysis::Measurement> measurements);
  void write_summary(std::span<const analysis::DesignSummary> summaries);
  // Flush, close, rename to final_path; without `force`, io::OutputAppeared if a file
  // appeared there meanwhile (then the temporary file is removed with this object).
  void commit();
  const std::string& temp_path() const;

 private:
  void create(const RunInfo& info);
  void remove_temporary() noexcept;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The per-design-point table that `jisas-sim summary` prints, read back from a file.
struct SummaryRow {
  int design_point = 0;
  long cohorts = 0;
  int sample_size = 0;
  std::vector<double> axis_values;
  std::vector<std::string> axis_labels;  // format 1.5; empty before: print the values
  double mean_relapse_proportion = 0.0;
  std::vector<double> relapse_proportion_quantiles;   // at analysis::kQuantileProbs
  std::vector<double> km_median;                      // per landmark
  std::vector<double> power, power_se;                // per test
  std::vector<double> type_i_error, type_i_error_se;  // per test; NaN without null twins
  double mean_evaluable = 0.0;
  double mean_relapses = 0.0;
  double hazard_ratio_median = 0.0;  // two-arm designs: median over cohorts (NaN otherwise)
  // Per test, the rejection rate in the boundary twins (format 1.6; NaN without them).
  std::vector<double> size_at_boundary, size_at_boundary_se;
  // Per arm, [0] control and [1] experimental (format 1.6; NaN before): mean relapses per
  // cohort and, per landmark, the median over cohorts of the arm's KM.
  std::array<double, 2> mean_relapses_arm{};
  std::array<std::vector<double>, 2> km_median_arm;
};

struct SummaryTable {
  double target_power = 0.8;
  std::vector<std::string> axis_names;
  std::vector<std::string> landmark_names;
  std::vector<std::string> test_names;
  std::vector<double> landmark_days;
  std::vector<double> test_alphas;
  std::vector<std::string> test_kinds;
  std::vector<double> test_at_days;
  std::vector<double> test_null_rates;
  std::vector<std::string> test_alternatives;           // empty before format 1.2
  std::vector<analysis::ClosedForm> test_closed_forms;  // None before format 1.2
  std::vector<SummaryRow> rows;
  std::vector<LookRow> looks;               // empty without interim looks (format 1.3)
  std::vector<EligibilityRow> eligibility;  // format 1.4: drawn, enrolled, acceptance
  std::vector<TruthRow> truth;              // format 1.5: the model's truth per point
  std::string look_test;                    // format 1.4: the test the looks decide on
  std::vector<int> two_stage_design;        // format 1.4: n1, r1, n, r (empty: none)
  std::vector<int> allocation_ratio;  // format 1.4: experimental, control (empty: 1:1 or one arm)
};

// Checks filetype and major version; InputError for a missing, foreign or corrupt file.
SummaryTable read_summary(const std::string& path);

}  // namespace jisas::io
