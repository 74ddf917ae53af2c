#include "io/looks_table.h"

#include <cmath>
#include <cstddef>
#include <limits>

#include "analysis/operating_characteristics.h"
#include "io/hdf5_types.h"

namespace jisas::io {
namespace {

using H5::PredType;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

H5::CompType look_type(bool with_quantiles) {
  H5::CompType t(sizeof(LookRow));
  t.insertMember("design_point", offsetof(LookRow, design_point), PredType::NATIVE_INT32);
  t.insertMember("look", offsetof(LookRow, look), PredType::NATIVE_INT32);
  t.insertMember("final", offsetof(LookRow, final), PredType::NATIVE_INT8);
  const std::pair<const char*, std::size_t> doubles[] = {
      {"held", offsetof(LookRow, held)},
      {"stop_efficacy", offsetof(LookRow, stop_efficacy)},
      {"stop_futility", offsetof(LookRow, stop_futility)},
      {"cumulative_rejection", offsetof(LookRow, cumulative_rejection)},
      {"cumulative_rejection_se", offsetof(LookRow, cumulative_rejection_se)},
      {"null_cumulative_rejection", offsetof(LookRow, null_cumulative_rejection)},
      {"mean_day", offsetof(LookRow, mean_day)},
      {"mean_patients", offsetof(LookRow, mean_patients)},
      {"mean_events", offsetof(LookRow, mean_events)},
      {"expected_stop_day", offsetof(LookRow, expected_stop_day)},
      {"expected_stop_patients", offsetof(LookRow, expected_stop_patients)},
      {"expected_stop_events", offsetof(LookRow, expected_stop_events)},
  };
  for (const auto& [name, offset] : doubles) t.insertMember(name, offset, PredType::NATIVE_DOUBLE);
  if (!with_quantiles) return t;
  const std::pair<const char*, std::size_t> quantiles[] = {
      {"day_q10", offsetof(LookRow, day_q10)},
      {"day_q50", offsetof(LookRow, day_q50)},
      {"day_q90", offsetof(LookRow, day_q90)},
  };
  for (const auto& [name, offset] : quantiles)
    t.insertMember(name, offset, PredType::NATIVE_DOUBLE);
  return t;
}

namespace {

void add_rows(const analysis::DesignSummary& s, std::vector<LookRow>& rows) {
  const analysis::LookSummary& l = s.looks;
  const double n = static_cast<double>(s.cohorts);
  long rejected = 0, null_rejected = 0;
  for (std::size_t k = 0; k < l.n_looks; ++k) {
    rejected += l.stop_efficacy[k];
    null_rejected += l.null_stop_efficacy[k];
    const auto rate = analysis::rejection_rate(rejected, s.cohorts);
    const double held = static_cast<double>(l.held[k]);
    rows.push_back({s.design_point, static_cast<std::int32_t>(k + 1),
                    static_cast<std::int8_t>(k + 1 == l.n_looks), held / n,
                    static_cast<double>(l.stop_efficacy[k]) / n,
                    static_cast<double>(l.stop_futility[k]) / n, rate.rate, rate.mc_se,
                    l.null_twin ? static_cast<double>(null_rejected) / n : kNaN,
                    l.day_sum[k] / held, l.patients_sum[k] / held, l.events_sum[k] / held,
                    l.stop_day_sum / n, l.stop_patients_sum / n, l.stop_events_sum / n,
                    l.day_quantile(k, 0.1), l.day_quantile(k, 0.5), l.day_quantile(k, 0.9)});
  }
}

}  // namespace

std::vector<LookRow> look_rows(std::span<const analysis::DesignSummary> summaries) {
  std::vector<LookRow> rows;
  for (const auto& s : summaries) add_rows(s, rows);
  return rows;
}

void write_looks(H5::H5File& file, std::span<const analysis::DesignSummary> summaries) {
  h5::write_table(file, "looks", look_rows(summaries), look_type());
}

std::vector<LookRow> read_looks(const H5::H5File& file) {
  if (!file.nameExists("looks")) return {};
  const bool with_quantiles = h5::has_member(file.openDataSet("looks").getCompType(), "day_q50");
  std::vector<LookRow> rows = h5::read_table<LookRow>(file, "looks", look_type(with_quantiles));
  if (!with_quantiles) {  // a format 1.3 file
    for (LookRow& r : rows) r.day_q10 = r.day_q50 = r.day_q90 = kNaN;
  }
  return rows;
}

}  // namespace jisas::io
