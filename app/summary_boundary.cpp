#include "app/summary_boundary.h"

#include <cmath>
#include <ostream>
#include <string>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "scenarios/spec/distribution.h"

namespace jisas::app {
namespace {

constexpr double kFlagSes = 3.0;  // Monte Carlo SEs above alpha before a size is flagged

struct BoundaryCell {
  double size = 0.0, se = 0.0;  // rejection rate in the boundary twins
  double rate = 0.0;            // the twin's relapse-free rate at the landmark (truth sample)
  double cure_fraction = 0.0;
  double at = 0.0, target = 0.0;  // days, and the rate the twin is calibrated to there
  int truth_patients = 0;
  bool exceeds = false;  // size > alpha + 3 SE
};

// The test's cell at a design point; nullopt-like (NaN size) without a twin.
BoundaryCell cell(const io::SummaryTable& table, const io::SummaryRow& row, std::size_t t) {
  BoundaryCell c{row.size_at_boundary[t], row.size_at_boundary_se[t], NAN, NAN, NAN, NAN, 0, false};
  for (const io::TruthRow& truth : table.truth) {
    if (truth.design_point != row.design_point) continue;
    c.rate = truth.boundary_rate[t];
    c.cure_fraction = truth.boundary_cure_fraction[t];
    c.at = truth.boundary_at[t];
    c.target = truth.boundary_target[t];
    c.truth_patients = truth.patients;
  }
  c.exceeds = c.size > table.test_alphas[t] + kFlagSes * c.se;
  return c;
}

bool any_twin(const io::SummaryTable& table) {
  for (const io::SummaryRow& row : table.rows) {
    for (const double s : row.size_at_boundary) {
      if (!std::isnan(s)) return true;
    }
  }
  return false;
}

std::string sidedness(const io::SummaryTable& table, std::size_t t) {
  if (t >= table.test_alternatives.size()) return "";
  return table.test_alternatives[t] == "two.sided"
             ? "two-sided"
             : fmt::format("one-sided ({})", table.test_alternatives[t]);
}

}  // namespace

void print_boundary_sizes(const io::SummaryTable& table, std::ostream& out) {
  if (!any_twin(table)) return;
  fmt::print(out,
             "\nSize at the null boundary: the rejection rate in boundary twins, the design point "
             "with its cure fraction recalibrated so the true relapse-free rate at the test's "
             "landmark equals its null rate (a one-sample log-rank test against a piecewise curve: "
             "the curve's rate at its last break; trial/boundary_twins.h); '!' marks a size above "
             "alpha + {:g} Monte Carlo SE:\n",
             kFlagSes);
  for (std::size_t t = 0; t < table.test_names.size(); ++t) {
    for (const io::SummaryRow& row : table.rows) {
      const BoundaryCell c = cell(table, row, t);
      if (std::isnan(c.size)) continue;
      fmt::print(out,
                 "  {:<24} point {:>3}: {:.4f} ± {:.4f}{} against alpha {:g} {}; twin's rate at "
                 "{:g} months {:.4f} (target {:.4f}, ±{:.4f} from {} truth patients) at cure "
                 "fraction {:.4f}\n",
                 table.test_names[t], row.design_point, c.size, c.se, c.exceeds ? " !" : "",
                 table.test_alphas[t], sidedness(table, t), c.at / scenarios::kDaysPerMonth, c.rate,
                 c.target, std::sqrt(c.rate * (1.0 - c.rate) / c.truth_patients), c.truth_patients,
                 c.cure_fraction);
    }
  }
}

void print_csv_boundary_sizes(const io::SummaryTable& table, std::ostream& out) {
  if (!any_twin(table)) return;
  fmt::print(out, "\n# size at the null boundary\n");
  fmt::print(out,
             "test,design_point,size,size_se,alpha,alternative,exceeds_alpha_3se,at_days,"
             "target_rate,twin_rate,cure_fraction\n");
  for (std::size_t t = 0; t < table.test_names.size(); ++t) {
    for (const io::SummaryRow& row : table.rows) {
      const BoundaryCell c = cell(table, row, t);
      if (std::isnan(c.size)) continue;
      fmt::print(out, "{},{},{},{},{},{},{},{},{},{},{}\n", table.test_names[t], row.design_point,
                 c.size, c.se, table.test_alphas[t],
                 t < table.test_alternatives.size() ? table.test_alternatives[t] : "",
                 c.exceeds ? 1 : 0, c.at, c.target, c.rate, c.cure_fraction);
    }
  }
}

}  // namespace jisas::app
