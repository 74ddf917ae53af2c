// Reading a result file back (`jisas-sim summary`): every failure is an InputError that
// names the file, never a crash, whatever the file holds. The file is checked first
// (io/result_file_check.h), so the reads below may rely on its lengths and members.
#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "engine/errors.h"
#include "io/hdf5_probe.h"
#include "io/hdf5_types.h"
#include "io/result_file.h"
#include "io/result_file_check.h"

namespace jisas::io {
namespace {

using H5::PredType;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <class T>
std::vector<T> read_member(const H5::DataSet& ds, const std::string& name,
                           const H5::PredType& type) {
  H5::CompType one(sizeof(T));
  one.insertMember(name, 0, type);
  std::vector<T> values(static_cast<std::size_t>(ds.getSpace().getSimpleExtentNpoints()));
  if (!values.empty()) ds.read(values.data(), one);
  return values;
}

template <class T>
std::vector<T> read_array_attribute(const H5::H5File& file, const std::string& name,
                                    const H5::PredType& type) {
  const H5::Attribute a = file.openAttribute(name);
  const H5::DataSpace space = a.getSpace();
  if (space.getSimpleExtentType() == H5S_NULL) return {};
  std::vector<T> values(static_cast<std::size_t>(space.getSimpleExtentNpoints()));
  if (!values.empty()) a.read(type, values.data());
  return values;
}

// Per test, a double attribute; NaN for each test in a file before it existed.
std::vector<double> per_test(const H5::H5File& file, const char* name, std::size_t tests) {
  if (!file.attrExists(name)) return std::vector<double>(tests, kNaN);
  return read_array_attribute<double>(file, name, PredType::NATIVE_DOUBLE);
}

void read_test_metadata(const H5::H5File& file, SummaryTable& table) {
  const std::size_t tests = table.test_names.size();
  table.landmark_days =
      read_array_attribute<double>(file, "landmark_days", PredType::NATIVE_DOUBLE);
  table.test_alphas = read_array_attribute<double>(file, "test_alphas", PredType::NATIVE_DOUBLE);
  table.test_at_days = per_test(file, "test_at_days", tests);
  table.test_null_rates = per_test(file, "test_null_rates", tests);
  table.test_closed_forms.assign(tests, analysis::ClosedForm::None);
  if (!file.attrExists("test_kinds")) return;  // format 1.0 files
  table.test_kinds = h5::read_strings_attribute(file, "test_kinds");
  if (!file.attrExists("test_closed_forms")) return;  // format 1.1 files
  table.test_alternatives = h5::read_strings_attribute(file, "test_alternatives");
  const auto forms = h5::read_strings_attribute(file, "test_closed_forms");
  for (std::size_t t = 0; t < forms.size() && t < tests; ++t) {
    // A name this version does not know (a newer minor version): no closed form.
    table.test_closed_forms[t] =
        analysis::parse_closed_form(forms[t]).value_or(analysis::ClosedForm::None);
  }
}

void read_design_points(const H5::H5File& file, SummaryTable& table) {
  const H5::DataSet ds = file.openDataSet("design_points");
  const H5::CompType type = ds.getCompType();
  for (int m = 0; m < type.getNmembers(); ++m) {
    const std::string name = type.getMemberName(static_cast<unsigned>(m));
    if (name != "index" && name != "sample_size") table.axis_names.push_back(name);
  }
  const auto sizes = read_member<std::int32_t>(ds, "sample_size", PredType::NATIVE_INT32);
  std::vector<std::vector<double>> axes;
  for (const auto& name : table.axis_names)
    axes.push_back(read_member<double>(ds, name, PredType::NATIVE_DOUBLE));
  table.rows.resize(sizes.size());
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    table.rows[i].sample_size = sizes[i];
    for (const auto& axis : axes) table.rows[i].axis_values.push_back(axis[i]);
  }
  const std::size_t n_axes = table.axis_names.size();
  if (n_axes == 0 || !ds.attrExists("axis_labels")) return;  // before format 1.5
  const auto labels = h5::read_strings_attribute(ds, "axis_labels");
  if (labels.size() != n_axes * sizes.size()) return;
  for (std::size_t i = 0; i < sizes.size(); ++i)
    table.rows[i].axis_labels.assign(labels.begin() + static_cast<long>(i * n_axes),
                                     labels.begin() + static_cast<long>((i + 1) * n_axes));
}

void read_summary_rows(const H5::H5File& file, SummaryTable& table) {
  const H5::DataSet ds = file.openDataSet("summary");
  std::vector<h5::SummaryRecord> records(
      static_cast<std::size_t>(ds.getSpace().getSimpleExtentNpoints()));
  // Fields a file before format 1.6 lacks stay NaN (HDF5 leaves absent members alone).
  for (h5::SummaryRecord& r : records) {
    std::fill(std::begin(r.size_at_boundary), std::end(r.size_at_boundary), kNaN);
    std::fill(std::begin(r.size_at_boundary_se), std::end(r.size_at_boundary_se), kNaN);
    std::fill(std::begin(r.mean_relapses_arm), std::end(r.mean_relapses_arm), kNaN);
    std::fill(&r.km_arm_quantiles[0][0][0],
              &r.km_arm_quantiles[0][0][0] + 2 * 7 * analysis::kMaxLandmarks, kNaN);
  }
  ds.read(records.data(), h5::summary_type());
  for (std::size_t i = 0; i < records.size(); ++i) {
    const h5::SummaryRecord& r = records[i];
    SummaryRow& row = table.rows[i];
    row.design_point = r.design_point;
    row.cohorts = static_cast<long>(r.cohorts);
    row.mean_relapse_proportion = r.mean_relapse_proportion;
    row.mean_evaluable = r.mean_evaluable;
    row.mean_relapses = r.mean_relapses;
    row.hazard_ratio_median = r.hazard_ratio_quantiles[3];
    row.relapse_proportion_quantiles.assign(std::begin(r.relapse_proportion_quantiles),
                                            std::end(r.relapse_proportion_quantiles));
    for (std::size_t l = 0; l < table.landmark_names.size(); ++l)
      row.km_median.push_back(r.km_quantiles[l][3]);
    for (std::size_t t = 0; t < table.test_names.size(); ++t) {
      row.power.push_back(r.power[t]);
      row.power_se.push_back(r.power_se[t]);
      row.type_i_error.push_back(r.type_i_error[t]);
      row.type_i_error_se.push_back(r.type_i_error_se[t]);
      row.size_at_boundary.push_back(r.size_at_boundary[t]);
      row.size_at_boundary_se.push_back(r.size_at_boundary_se[t]);
    }
    for (std::size_t a = 0; a < 2; ++a) {
      row.mean_relapses_arm[a] = r.mean_relapses_arm[a];
      for (std::size_t l = 0; l < table.landmark_names.size(); ++l)
        row.km_median_arm[a].push_back(r.km_arm_quantiles[a][l][3]);
    }
  }
}

// Alphas and the target power are probabilities, as the loader requires (a damaged value
// would reach the normal quantiles of the closed forms; found by fuzz_summary).
void check_probabilities(const std::string& path, const SummaryTable& table) {
  const auto check = [&](double p, const char* what) {
    if (!(p > 0.0 && p < 1.0)) {
      throw InputError(fmt::format("{}: damaged result file (attribute {}: {} is not in (0, 1))",
                                   path, what, p));
    }
  };
  for (const double alpha : table.test_alphas) check(alpha, "test_alphas");
  if (!std::isnan(table.target_power)) check(table.target_power, "target_power");
}

// The hazard ratios Schoenfeld's closed form takes the log of are ratios: NaN where none
// was computed (single-arm designs), else positive (a damaged zero reached it as exit 70;
// found by fuzz_summary). The summary's median only where a test's closed form reads it:
// files before format 1.2 have no hazard_ratio_quantiles (read as zeros) and no such test.
void check_hazard_ratios(const std::string& path, const SummaryTable& table) {
  const auto check = [&](double hr, const char* what, int point) {
    if (std::isnan(hr) || hr > 0.0) return;
    throw InputError(
        fmt::format("{}: damaged result file ({} of design point {}: {} is not a positive ratio)",
                    path, what, point, hr));
  };
  for (const TruthRow& truth : table.truth) {
    if (truth.patients > 0) check(truth.hazard_ratio, "/truth hazard_ratio", truth.design_point);
  }
  const auto& forms = table.test_closed_forms;
  if (std::find(forms.begin(), forms.end(), analysis::ClosedForm::Schoenfeld) == forms.end())
    return;
  for (const SummaryRow& row : table.rows)
    check(row.hazard_ratio_median, "/summary hazard_ratio_quantiles", row.design_point);
}

SummaryTable read_checked(const std::string& path) {
  const CheckedResultFile checked = open_checked_result_file(path);
  const H5::H5File& file = checked.file;
  try {
    SummaryTable table;
    table.landmark_names = h5::read_strings_attribute(file, "landmark_names");
    table.test_names = h5::read_strings_attribute(file, "test_names");
    read_test_metadata(file, table);
    table.looks = read_looks(file);
    table.eligibility = read_eligibility(file);
    table.truth = read_truth(file);
    if (file.attrExists("look_test"))
      table.look_test = h5::read_string_attribute(file, "look_test");
    if (file.attrExists("allocation_ratio")) {
      table.allocation_ratio =
          read_array_attribute<int>(file, "allocation_ratio", PredType::NATIVE_INT);
    }
    if (file.attrExists("two_stage_design")) {
      table.two_stage_design =
          read_array_attribute<int>(file, "two_stage_design", PredType::NATIVE_INT);
    }
    if (file.attrExists("target_power")) {
      file.openAttribute("target_power").read(PredType::NATIVE_DOUBLE, &table.target_power);
    }
    check_probabilities(path, table);
    read_design_points(file, table);
    read_summary_rows(file, table);
    check_hazard_ratios(path, table);
    return table;
  } catch (const H5::Exception& e) {  // a damaged chunk or heap the check did not read
    throw InputError(damaged_file_message(path, e));
  }
}

}  // namespace

SummaryTable read_summary(const std::string& path) {
  probe_hdf5_read(path, [&] { read_checked(path); });  // libhdf5 itself may crash on it
  return read_checked(path);
}

}  // namespace jisas::io
