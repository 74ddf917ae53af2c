// `jisas-sim summary out.h5 [--csv]`: the per-design-point table of a result file.
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "analysis/operating_characteristics.h"
#include "app/result_file.h"
#include "app/run_command.h"

namespace jisas::app {
namespace {

std::vector<std::string> header(const SummaryTable& table) {
  std::vector<std::string> h{"design_point", "cohorts", "sample_size"};
  for (const auto& a : table.axis_names) h.push_back(a);
  h.push_back("mean_relapse_proportion");
  for (const double p : analysis::kQuantileProbs) h.push_back(fmt::format("relapse_q{:g}", p));
  for (const auto& l : table.landmark_names) h.push_back("km_median_" + l);
  for (const auto& t : table.test_names) {
    h.push_back("power_" + t);
    h.push_back("power_se_" + t);
  }
  return h;
}

std::vector<std::string> cells(const SummaryRow& row) {
  std::vector<std::string> c{fmt::format("{}", row.design_point), fmt::format("{}", row.cohorts),
                             fmt::format("{}", row.sample_size)};
  for (const double v : row.axis_values) c.push_back(fmt::format("{:g}", v));
  c.push_back(fmt::format("{:.4f}", row.mean_relapse_proportion));
  for (const double q : row.relapse_proportion_quantiles) c.push_back(fmt::format("{:.4f}", q));
  for (const double k : row.km_median) c.push_back(fmt::format("{:.4f}", k));
  for (std::size_t t = 0; t < row.power.size(); ++t) {
    c.push_back(fmt::format("{:.4f}", row.power[t]));
    c.push_back(fmt::format("{:.4f}", row.power_se[t]));
  }
  return c;
}

}  // namespace

void print_summary(const std::string& path, bool csv, std::ostream& out) {
  const SummaryTable table = read_summary(path);
  const std::vector<std::string> names = header(table);
  if (csv) {
    fmt::print(out, "{}\n", fmt::join(names, ","));
    for (const SummaryRow& row : table.rows) fmt::print(out, "{}\n", fmt::join(cells(row), ","));
    return;
  }
  // Transposed for the terminal: one line per quantity, one column per design point.
  std::vector<std::vector<std::string>> columns;
  for (const SummaryRow& row : table.rows) columns.push_back(cells(row));
  for (std::size_t i = 0; i < names.size(); ++i) {
    fmt::print(out, "{:<28}", names[i]);
    for (const auto& col : columns) fmt::print(out, " {:>10}", col[i]);
    fmt::print(out, "\n");
  }
}

}  // namespace jisas::app
