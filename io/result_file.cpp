#include "io/result_file.h"

#include "io/eligibility_table.h"
#include "io/looks_table.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "analysis/operating_characteristics.h"
#include "engine/errors.h"
#include "io/deflated_chunks.h"
#include "io/hdf5_errors.h"
#include "io/hdf5_types.h"
#include "io/output_lock.h"

namespace jisas::io {
namespace {

using H5::PredType;

void write_root_attributes(H5::H5File& file, const RunInfo& info) {
  h5::write_string_attribute(file, "filetype", kFileType);
  h5::write_array_attribute(file, "format_version",
                            std::vector<int>{kFormatVersionMajor, kFormatVersionMinor},
                            PredType::NATIVE_INT);
  h5::write_string_attribute(file, "tool_version", info.tool_version);
  h5::write_string_attribute(file, "git_commit", info.git_commit);
  h5::write_string_attribute(file, "created_utc", info.created_utc);
  h5::write_array_attribute(file, "seed", std::vector<std::uint64_t>{info.seed},
                            PredType::NATIVE_UINT64);
  h5::write_array_attribute(file, "seeding_scheme", std::vector<int>{info.seeding_scheme},
                            PredType::NATIVE_INT);
  h5::write_string_attribute(file, "scenario_name", info.scenario_name);
  h5::write_string_attribute(file, "scenario_path", info.scenario_path);
  h5::write_string_attribute(file, "scenario_yaml", info.scenario_yaml);
  h5::write_strings_attribute(file, "scenario_overrides", info.scenario_overrides);
  h5::write_array_attribute(file, "cohorts_per_point",
                            std::vector<std::int64_t>{info.cohorts_per_point},
                            PredType::NATIVE_INT64);
  h5::write_strings_attribute(file, "landmark_names", info.landmark_names);
  h5::write_array_attribute(file, "landmark_days", info.landmark_days, PredType::NATIVE_DOUBLE);
  h5::write_strings_attribute(file, "test_names", info.test_names);
  h5::write_array_attribute(file, "test_alphas", info.test_alphas, PredType::NATIVE_DOUBLE);
  h5::write_strings_attribute(file, "test_kinds", info.test_kinds);
  h5::write_array_attribute(file, "test_at_days", info.test_at_days, PredType::NATIVE_DOUBLE);
  h5::write_array_attribute(file, "test_null_rates", info.test_null_rates, PredType::NATIVE_DOUBLE);
  h5::write_strings_attribute(file, "test_alternatives", info.test_alternatives);
  h5::write_strings_attribute(file, "test_statistics", info.test_statistics);
  h5::write_strings_attribute(file, "test_closed_forms", info.test_closed_forms);
  h5::write_strings_attribute(file, "test_effects", info.test_effects);
  if (info.shard_count > 0) {
    h5::write_array_attribute(file, "shard", std::vector<int>{info.shard_index, info.shard_count},
                              PredType::NATIVE_INT);
  }
  h5::write_array_attribute(file, "target_power", std::vector<double>{info.target_power},
                            PredType::NATIVE_DOUBLE);
  if (!info.look_test.empty()) h5::write_strings_attribute(file, "look_test", {info.look_test});
  if (!info.allocation_ratio.empty()) {
    h5::write_array_attribute(file, "allocation_ratio", info.allocation_ratio,
                              PredType::NATIVE_INT);
  }
  if (!info.two_stage_design.empty()) {
    h5::write_array_attribute(file, "two_stage_design", info.two_stage_design,
                              PredType::NATIVE_INT);
  }
}

// Per arm; NaN quantiles for an arm without cohorts' values (a single arm's control).
void fill_arm_summary(const analysis::DesignSummary& s, h5::SummaryRecord& r) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const double cohorts = static_cast<double>(s.cohorts);
  const analysis::ArmSummary& arms = s.arms;
  for (std::size_t a = 0; a < 2; ++a) {
    r.mean_evaluable_arm[a] = static_cast<double>(arms.evaluable[a]) / cohorts;
    r.mean_relapses_arm[a] = static_cast<double>(arms.relapses[a]) / cohorts;
    const bool kept = !arms.median_rfs[a].empty();
    r.median_rfs_reached_arm[a] =
        kept ? static_cast<double>(arms.median_reached[a]) / cohorts : kNaN;
    for (std::size_t q = 0; q < analysis::kNumQuantiles; ++q) {
      const double prob = analysis::kQuantileProbs[q];
      r.median_rfs_arm_quantiles[a][q] = kept ? arms.median_rfs[a][0].quantile(prob) : kNaN;
      for (std::size_t l = 0; l < analysis::kMaxLandmarks; ++l) {
        r.km_arm_quantiles[a][l][q] = l < arms.km[a].size() ? arms.km[a][l].quantile(prob) : kNaN;
      }
    }
  }
}

h5::SummaryRecord summary_record(const analysis::DesignSummary& s) {
  h5::SummaryRecord r;
  const double cohorts = static_cast<double>(s.cohorts);
  r.design_point = s.design_point;
  r.cohorts = s.cohorts;
  r.mean_evaluable = static_cast<double>(s.total_evaluable) / cohorts;
  r.mean_relapses = static_cast<double>(s.total_relapses) / cohorts;
  r.mean_relapse_proportion = s.relapse_proportion.mean();
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t q = 0; q < analysis::kNumQuantiles; ++q) {
    const double prob = analysis::kQuantileProbs[q];
    r.relapse_proportion_quantiles[q] = s.relapse_proportion.quantile(prob);
    r.events_quantiles[q] = s.events.quantile(prob);
    r.time_to_relapse_quantiles[q] = s.time_to_relapse.quantile(prob);
    r.time_to_regain_quantiles[q] = s.time_to_regain.quantile(prob);
    r.hazard_ratio_quantiles[q] = s.hazard_ratio.quantile(prob);
    for (std::size_t l = 0; l < analysis::kMaxLandmarks; ++l) {
      r.km_quantiles[l][q] = l < s.km.size() ? s.km[l].quantile(analysis::kQuantileProbs[q]) : kNaN;
    }
  }
  for (std::size_t t = 0; t < analysis::kMaxTests; ++t) {
    const bool used = t < static_cast<std::size_t>(s.n_tests);
    const analysis::RejectionRate p =
        used ? s.power(static_cast<int>(t)) : analysis::RejectionRate{kNaN, kNaN, kNaN, kNaN};
    r.power[t] = p.rate;
    r.power_se[t] = p.mc_se;
    r.power_lower[t] = p.lower;
    r.power_upper[t] = p.upper;
    const analysis::RejectionRate e = used && s.null_twin
                                          ? s.type_i_error(static_cast<int>(t))
                                          : analysis::RejectionRate{kNaN, kNaN, kNaN, kNaN};
    r.type_i_error[t] = e.rate;
    r.type_i_error_se[t] = e.mc_se;
    const analysis::RejectionRate b = used ? s.size_at_boundary(static_cast<int>(t))
                                           : analysis::RejectionRate{kNaN, kNaN, kNaN, kNaN};
    r.size_at_boundary[t] = b.rate;
    r.size_at_boundary_se[t] = b.mc_se;
  }
  fill_arm_summary(s, r);
  return r;
}

// Counts (points x bins) of one distribution, and its bin edges per point (the range of
// the event count depends on the point's sample size).
template <class Get>
void write_histogram_with_edges(H5::Group& group, const std::string& name,
                                std::span<const analysis::DesignSummary> summaries, Get get) {
  const hsize_t bins = get(summaries.front()).coarse().size();
  std::vector<std::int64_t> counts;
  std::vector<double> edges;
  for (const auto& s : summaries) {
    const analysis::StreamingDistribution& d = get(s);
    counts.insert(counts.end(), d.coarse().begin(), d.coarse().end());
    for (hsize_t i = 0; i <= bins; ++i) {
      edges.push_back(d.lo() +
                      (d.hi() - d.lo()) * static_cast<double>(i) / static_cast<double>(bins));
    }
  }
  const hsize_t dims[2] = {summaries.size(), bins};
  group.createDataSet(name, PredType::STD_I64LE, H5::DataSpace(2, dims))
      .write(counts.data(), PredType::NATIVE_INT64);
  const hsize_t edge_dims[2] = {summaries.size(), bins + 1};
  group.createDataSet(name + "_edges", PredType::IEEE_F64LE, H5::DataSpace(2, edge_dims))
      .write(edges.data(), PredType::NATIVE_DOUBLE);
}

void write_histograms(H5::H5File& file, std::span<const analysis::DesignSummary> summaries) {
  H5::Group group = file.createGroup("summary_histograms");
  const hsize_t points = summaries.size();
  const hsize_t bins = summaries.front().relapse_proportion.coarse().size();
  const hsize_t landmarks = summaries.front().km.size();
  std::vector<std::int64_t> relapse;
  std::vector<std::int64_t> km;
  for (const auto& s : summaries) {
    relapse.insert(relapse.end(), s.relapse_proportion.coarse().begin(),
                   s.relapse_proportion.coarse().end());
    for (const auto& k : s.km) km.insert(km.end(), k.coarse().begin(), k.coarse().end());
  }
  const hsize_t relapse_dims[2] = {points, bins};
  H5::DataSet r = group.createDataSet("relapse_proportion", PredType::STD_I64LE,
                                      H5::DataSpace(2, relapse_dims));
  r.write(relapse.data(), PredType::NATIVE_INT64);
  const hsize_t km_dims[3] = {points, landmarks, bins};
  H5::DataSet k = group.createDataSet("km", PredType::STD_I64LE, H5::DataSpace(3, km_dims));
  if (!km.empty()) k.write(km.data(), PredType::NATIVE_INT64);
  std::vector<double> edges;
  for (hsize_t i = 0; i <= bins; ++i)
    edges.push_back(static_cast<double>(i) / static_cast<double>(bins));
  h5::write_array_attribute(group, "edges", edges, PredType::NATIVE_DOUBLE);
  write_histogram_with_edges(
      group, "events", summaries, [](const auto& s) -> const auto& { return s.events; });
  write_histogram_with_edges(
      group, "time_to_relapse", summaries,
      [](const auto& s) -> const auto& { return s.time_to_relapse; });
  write_histogram_with_edges(
      group, "time_to_regain", summaries,
      [](const auto& s) -> const auto& { return s.time_to_regain; });
}

// An attribute in the object header holds at most 64 KiB, and axis_labels (a 16-byte
// reference per label) outgrows it from about 2,000 points on two axes: then dense
// attribute storage, which needs the HDF5 1.8 format for the objects created from here
// on; smaller files keep their layout.
H5::DSetCreatPropList design_points_properties(H5::H5File& file,
                                               std::span<const DesignPointRow> rows) {
  H5::DSetCreatPropList props;
  const std::size_t n_labels = rows.empty() ? 0 : rows.size() * rows.front().axis_labels.size();
  if (n_labels * 16 > 32768) {
    H5Fset_libver_bounds(file.getId(), H5F_LIBVER_V18, H5F_LIBVER_LATEST);
    H5Pset_attr_phase_change(props.getId(), 0, 0);
  }
  return props;
}

}  // namespace

struct ResultFile::Impl {
  explicit Impl(const std::string& path) : final_path(path), lock(path) {}
  std::string final_path;
  OutputLock lock;  // first: taken before anything is touched, released last
  bool force = false;
  std::string temp_path;
  H5::H5File file;
  H5::DataSet cohorts;
  H5::DataSet patients;
  H5::DataSet measurements;
  H5::CompType cohort_type;
  H5::CompType patient_type = h5::patient_type();
  H5::CompType measurement_type = h5::measurement_type();
  bool committed = false;
  std::vector<h5::Tagged<analysis::PatientRecord>> patient_rows;
  std::vector<h5::Tagged<analysis::Measurement>> measurement_rows;
  // The tables' rows, written a whole chunk at a time (io/deflated_chunks.h): appending
  // a cohort's patients or measurements to HDF5 itself re-deflated chunks as they left
  // its chunk cache (a run keeping every cohort's patients: 2.52 s, 0.85 s without).
  std::optional<DeflatedChunkWriter> cohort_chunks, patient_chunks, measurement_chunks;
  // Every HDF5 call of the writer goes through here: its failure becomes one line.
  template <class F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const H5::Exception& e) {
      rethrow_hdf5_write_error(final_path, e);  // the name the user gave
    }
  }
};

void ResultFile::create(const RunInfo& info) {
  impl_->file = H5::H5File(impl_->temp_path, H5F_ACC_EXCL);
  write_root_attributes(impl_->file, info);
  impl_->cohort_type = h5::cohort_type(
      h5::cohort_columns(info.has_looks, info.landmark_days.size(), info.test_names.size()));
  impl_->cohorts = h5::create_extendible(impl_->file, "cohorts", impl_->cohort_type);
  impl_->cohort_chunks.emplace(impl_->cohorts, impl_->cohort_type, h5::kDeflateLevel);
  h5::write_array_attribute(impl_->cohorts, "n_landmarks",
                            std::vector<int>{static_cast<int>(info.landmark_days.size())},
                            PredType::NATIVE_INT);
  h5::write_array_attribute(impl_->cohorts, "n_tests",
                            std::vector<int>{static_cast<int>(info.test_names.size())},
                            PredType::NATIVE_INT);
  impl_->patients = h5::create_extendible(impl_->file, "patients", impl_->patient_type);
  impl_->measurements = h5::create_extendible(impl_->file, "measurements", impl_->measurement_type);
  impl_->patient_chunks.emplace(impl_->patients, impl_->patient_type, h5::kDeflateLevel);
  impl_->measurement_chunks.emplace(impl_->measurements, impl_->measurement_type,
                                    h5::kDeflateLevel);
}

ResultFile::ResultFile(std::string final_path, bool force, const RunInfo& info) {
  capture_hdf5_errors();
  impl_ = std::make_unique<Impl>(final_path);  // the lock, or InputError
  check_output_path(final_path, force);
  impl_->force = force;
  impl_->temp_path = marked_temporary(final_path);
  remove_stale_temporaries(final_path, impl_->temp_path);
  try {
    impl_->guarded([&] { create(info); });
  } catch (...) {
    remove_temporary();
    throw;
  }
}

// Never closed: a close flushes, which on a full disk breaks HDF5 (io/hdf5_errors.h).
void ResultFile::remove_temporary() noexcept {
  std::error_code ignored;
  std::filesystem::remove(impl_->temp_path, ignored);
  abandon_hdf5_objects({impl_->file.getId(), impl_->cohorts.getId(), impl_->patients.getId(),
                        impl_->measurements.getId()});
}

ResultFile::~ResultFile() {
  if (impl_ && !impl_->committed) remove_temporary();
}

void ResultFile::write_design_points(const std::vector<std::string>& axis_names,
                                     std::span<const DesignPointRow> rows) {
  impl_->guarded([&] {
    const std::size_t row_size = 2 * sizeof(std::int32_t) + axis_names.size() * sizeof(double);
    H5::CompType type(row_size);
    type.insertMember("index", 0, PredType::NATIVE_INT32);
    type.insertMember("sample_size", sizeof(std::int32_t), PredType::NATIVE_INT32);
    for (std::size_t a = 0; a < axis_names.size(); ++a) {
      type.insertMember(axis_names[a], 2 * sizeof(std::int32_t) + a * sizeof(double),
                        PredType::NATIVE_DOUBLE);
    }
    std::vector<unsigned char> buffer(row_size * rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      unsigned char* p = buffer.data() + i * row_size;
      const std::int32_t index = rows[i].index;
      const std::int32_t n = rows[i].sample_size;
      std::memcpy(p, &index, sizeof index);
      std::memcpy(p + sizeof index, &n, sizeof n);
      if (!axis_names.empty()) {  // memcpy from an empty vector's null data() is undefined
        std::memcpy(p + 2 * sizeof index, rows[i].axis_values.data(),
                    axis_names.size() * sizeof(double));
      }
    }
    const hsize_t count = rows.size();
    H5::DataSet ds = impl_->file.createDataSet("design_points", type, H5::DataSpace(1, &count),
                                               design_points_properties(impl_->file, rows));
    ds.write(buffer.data(), type);
    // The axis values as the scenario wrote them, point by point (format 1.5), so that
    // summary prints "24mo" rather than 730.5 days.
    std::vector<std::string> labels;
    for (const DesignPointRow& row : rows)
      labels.insert(labels.end(), row.axis_labels.begin(), row.axis_labels.end());
    if (!labels.empty()) h5::write_strings_attribute(ds, "axis_labels", labels);
  });
}

void ResultFile::append_cohorts(std::span<const analysis::CohortResult> rows) {
  impl_->guarded([&] { impl_->cohort_chunks->append(rows.data(), rows.size()); });
}

void ResultFile::append_patients(std::int32_t design_point, std::int64_t cohort,
                                 std::span<const analysis::PatientRecord> patients) {
  impl_->guarded([&] {
    impl_->patient_rows.clear();
    for (const auto& p : patients) impl_->patient_rows.push_back({design_point, cohort, p});
    impl_->patient_chunks->append(impl_->patient_rows.data(), impl_->patient_rows.size());
  });
}

void ResultFile::append_measurements(std::int32_t design_point, std::int64_t cohort,
                                     std::span<const analysis::Measurement> measurements) {
  impl_->guarded([&] {
    impl_->measurement_rows.clear();
    for (const auto& m : measurements) impl_->measurement_rows.push_back({design_point, cohort, m});
    impl_->measurement_chunks->append(impl_->measurement_rows.data(),
                                      impl_->measurement_rows.size());
  });
}

void ResultFile::write_summary(std::span<const analysis::DesignSummary> summaries) {
  impl_->guarded([&] {
    std::vector<h5::SummaryRecord> records;
    records.reserve(summaries.size());  // 2.4 KB a point: no doubling past what is needed
    for (const auto& s : summaries) records.push_back(summary_record(s));
    const H5::CompType type = h5::summary_type();
    const hsize_t count = records.size();
    H5::DataSet ds =
        impl_->file.createDataSet("summary", h5::packed(type), H5::DataSpace(1, &count));
    ds.write(records.data(), type);
    std::vector<double> probs(std::begin(analysis::kQuantileProbs),
                              std::end(analysis::kQuantileProbs));
    h5::write_array_attribute(ds, "quantile_probs", probs, PredType::NATIVE_DOUBLE);
    if (!summaries.empty()) write_histograms(impl_->file, summaries);
    write_looks(impl_->file, summaries);
    write_eligibility(impl_->file, summaries);
    write_truth(impl_->file, summaries);
  });
}

const std::string& ResultFile::temp_path() const {
  return impl_->temp_path;
}

void ResultFile::commit() {
  impl_->guarded([&] {
    impl_->cohort_chunks->finish();
    impl_->patient_chunks->finish();
    impl_->measurement_chunks->finish();
    impl_->file.flush(H5F_SCOPE_GLOBAL);
    impl_->file.close();
  });
  publish(impl_->temp_path, impl_->final_path, impl_->force);
  impl_->committed = true;
}

}  // namespace jisas::io
