#include "io/truth_table.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <limits>

#include "io/hdf5_types.h"

namespace jisas::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

H5::CompType truth_type() {
  using H5::PredType;
  const hsize_t n = analysis::kMaxTests;
  const H5::ArrayType per_test(PredType::NATIVE_DOUBLE, 1, &n);
  H5::CompType t(sizeof(TruthRow));
  t.insertMember("design_point", offsetof(TruthRow, design_point), PredType::NATIVE_INT32);
  t.insertMember("patients", offsetof(TruthRow, patients), PredType::NATIVE_INT32);
  t.insertMember("rate", offsetof(TruthRow, rate), per_test);
  t.insertMember("rate_control", offsetof(TruthRow, rate_control), per_test);
  t.insertMember("rate_experimental", offsetof(TruthRow, rate_experimental), per_test);
  t.insertMember("hazard_ratio", offsetof(TruthRow, hazard_ratio), PredType::NATIVE_DOUBLE);
  t.insertMember("hazard_ratio_exact", offsetof(TruthRow, hazard_ratio_exact),
                 PredType::NATIVE_INT8);
  t.insertMember("boundary_rate", offsetof(TruthRow, boundary_rate), per_test);
  t.insertMember("boundary_cure_fraction", offsetof(TruthRow, boundary_cure_fraction), per_test);
  t.insertMember("boundary_at", offsetof(TruthRow, boundary_at), per_test);
  t.insertMember("boundary_target", offsetof(TruthRow, boundary_target), per_test);
  return t;
}

void write_truth(H5::H5File& file, std::span<const analysis::DesignSummary> summaries) {
  std::vector<TruthRow> rows;
  for (const auto& s : summaries) {
    TruthRow row{s.design_point,
                 s.truth.patients,
                 {},
                 {},
                 {},
                 s.truth.hazard_ratio,
                 static_cast<std::int8_t>(s.truth.hazard_ratio_exact)};
    std::copy(s.truth.rate.begin(), s.truth.rate.end(), row.rate);
    std::copy(s.truth.rate_control.begin(), s.truth.rate_control.end(), row.rate_control);
    std::copy(s.truth.rate_experimental.begin(), s.truth.rate_experimental.end(),
              row.rate_experimental);
    std::copy(s.truth.boundary_rate.begin(), s.truth.boundary_rate.end(), row.boundary_rate);
    std::copy(s.truth.boundary_cure_fraction.begin(), s.truth.boundary_cure_fraction.end(),
              row.boundary_cure_fraction);
    std::copy(s.truth.boundary_at.begin(), s.truth.boundary_at.end(), row.boundary_at);
    std::copy(s.truth.boundary_target.begin(), s.truth.boundary_target.end(), row.boundary_target);
    rows.push_back(row);
  }
  h5::write_table(file, "truth", rows, truth_type());
}

std::vector<TruthRow> read_truth(const H5::H5File& file) {
  // Before format 1.6 /truth has no boundary members: NaN, as for a test without a twin.
  TruthRow initial;
  std::fill(std::begin(initial.boundary_rate), std::end(initial.boundary_rate), kNaN);
  std::fill(std::begin(initial.boundary_cure_fraction), std::end(initial.boundary_cure_fraction),
            kNaN);
  std::fill(std::begin(initial.boundary_at), std::end(initial.boundary_at), kNaN);
  std::fill(std::begin(initial.boundary_target), std::end(initial.boundary_target), kNaN);
  return h5::read_table<TruthRow>(file, "truth", truth_type(), initial);
}

}  // namespace jisas::io
