// `jisas-sim summary out.h5 [--csv]`: the per-design-point table of a result file.
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <utility>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "analysis/operating_characteristics.h"
#include "analysis/sample_size.h"
#include "app/run_command.h"
#include "app/summary_boundary.h"
#include "io/result_file.h"

namespace jisas::app {
namespace {

// Randomized designs record their allocation ratio (format 1.4) and get per-arm rows.
bool two_arm(const io::SummaryTable& table) {
  return !table.allocation_ratio.empty();
}

constexpr const char* kArmNames[2] = {"control", "experimental"};

std::vector<std::string> header(const io::SummaryTable& table) {
  std::vector<std::string> h{"design_point", "cohorts", "sample_size"};
  for (const auto& a : table.axis_names) h.push_back(a);
  h.push_back("mean_relapse_proportion");
  for (const double p : analysis::kQuantileProbs) h.push_back(fmt::format("relapse_q{:g}", p));
  for (const auto& l : table.landmark_names) h.push_back("km_median_" + l);
  for (const auto& t : table.test_names) {
    h.push_back("power_" + t);
    h.push_back("power_se_" + t);
    h.push_back("rejection_if_no_effect_" + t);  // /summary.type_i_error: the null twins'
    h.push_back("rejection_if_no_effect_se_" + t);
    h.push_back("size_at_boundary_" + t);  // /summary.size_at_boundary: the boundary twins'
    h.push_back("size_at_boundary_se_" + t);
  }
  if (!two_arm(table)) return h;
  for (const char* arm : kArmNames) {
    h.push_back(fmt::format("mean_relapses_{}", arm));
    for (const auto& l : table.landmark_names) h.push_back(fmt::format("km_median_{}_{}", arm, l));
  }
  return h;
}

// A grid axis value as the scenario wrote it ("24mo", not 730.5 days); before format 1.5
// files recorded only the number (days for durations).
std::string axis_value(const io::SummaryRow& row, std::size_t a) {
  if (a < row.axis_labels.size()) return row.axis_labels[a];
  return fmt::format("{:g}", row.axis_values[a]);
}

// Four decimals for the terminal; every digit (shortest round-trip form) for --csv.
std::string number(double v, bool precise) {
  return precise ? fmt::format("{}", v) : fmt::format("{:.4f}", v);
}

std::vector<std::string> cells(const io::SummaryTable& table, const io::SummaryRow& row,
                               bool precise) {
  std::vector<std::string> c{fmt::format("{}", row.design_point), fmt::format("{}", row.cohorts),
                             fmt::format("{}", row.sample_size)};
  for (std::size_t a = 0; a < row.axis_values.size(); ++a) c.push_back(axis_value(row, a));
  c.push_back(number(row.mean_relapse_proportion, precise));
  for (const double q : row.relapse_proportion_quantiles) c.push_back(number(q, precise));
  for (const double k : row.km_median) c.push_back(number(k, precise));
  for (std::size_t t = 0; t < row.power.size(); ++t) {
    c.push_back(number(row.power[t], precise));
    c.push_back(number(row.power_se[t], precise));
    c.push_back(number(row.type_i_error[t], precise));
    c.push_back(number(row.type_i_error_se[t], precise));
    c.push_back(number(row.size_at_boundary[t], precise));
    c.push_back(number(row.size_at_boundary_se[t], precise));
  }
  if (!two_arm(table)) return c;
  for (std::size_t a = 0; a < 2; ++a) {
    c.push_back(number(row.mean_relapses_arm[a], precise));
    for (const double k : row.km_median_arm[a]) c.push_back(number(k, precise));
  }
  return c;
}

// Each test's alpha and sidedness (format 1.2 files record the sidedness).
void print_test_legend(const io::SummaryTable& table, std::ostream& out) {
  fmt::print(out, "\nTests:\n");
  for (std::size_t t = 0; t < table.test_names.size(); ++t) {
    const std::string kind = t < table.test_kinds.size() ? table.test_kinds[t] : "?";
    std::string side = "sidedness not recorded (format 1.1)";
    if (t < table.test_alternatives.size()) {
      side = table.test_alternatives[t] == "two.sided"
                 ? "two-sided"
                 : fmt::format("one-sided ({})", table.test_alternatives[t]);
    }
    fmt::print(out, "  {:<24} {}, alpha {:g} {}\n", table.test_names[t], kind, table.test_alphas[t],
               side);
  }
  fmt::print(out,
             "rejection_if_no_effect: the rejection rate in the cohorts' null twins (the tested "
             "effect removed), the size of the test only when the twin lies on the test's null "
             "hypothesis (not, in general, for a test against a historical rate)\n");
}

// What decides at the looks: the group-sequential test, or the two-stage rule.
void print_look_design(const io::SummaryTable& table, std::ostream& out) {
  const std::vector<int>& d = table.two_stage_design;
  if (d.size() == 4) {
    fmt::print(out,
               "\nTwo-stage design on {} (Simon 1989): stage 1 stops for futility if at most "
               "r1 = {} of the first n1 = {} patients are relapse-free at the landmark; H0 is "
               "rejected if more than r = {} of the first n = {} are. In the table, stage 1 is "
               "look 1.\n",
               table.look_test, d[1], d[0], d[3], d[2]);
    return;
  }
  fmt::print(out,
             "\nInterim looks on {} (group-sequential boundaries recomputed in each cohort "
             "at its information fractions).\n",
             table.look_test.empty() ? "the sequential test" : table.look_test);
}

// How many patients were drawn to enrol the eligible ones (format 1.4).
void print_eligibility(const io::SummaryTable& table, std::ostream& out) {
  if (table.eligibility.empty()) return;
  fmt::print(out,
             "\nEligibility: patients drawn per patient enrolled, and the acceptance rate "
             "of the rule:\n");
  for (const io::EligibilityRow& e : table.eligibility) {
    fmt::print(out, "  point {}: {} drawn for {} enrolled, acceptance {:.4f}\n", e.design_point,
               e.drawn, e.enrolled, e.acceptance);
  }
}

// Interim looks: per design point and look, how often it stopped the trial and the
// rejection rate so far (the final row's is the sequential design's power).
void print_looks(const io::SummaryTable& table, std::ostream& out) {
  if (table.looks.empty()) return;
  print_look_design(table, out);
  fmt::print(out,
             "Per look, rates over all cohorts (± Monte Carlo SE); months after the accrual "
             "start and counts over the cohorts that reached the look. The final row's "
             "cumulative rejection is the power of the design with its looks (the power "
             "columns above are the fixed design's):\n");
  fmt::print(out, "{:>5} {:>5} {:>6} {:>9} {:>9} {:>18} {:>10} {:>7} {:>13} {:>9} {:>9}\n", "point",
             "look", "held", "stop eff", "stop fut", "cum. rejection", "null cum.", "months",
             "q10-q90", "patients", "events");
  const double m = scenarios::kDaysPerMonth;
  for (const io::LookRow& l : table.looks) {
    fmt::print(
        out,
        "{:>5} {:>5} {:>6.3f} {:>9.4f} {:>9.4f} {:>18} {:>10} {:>7.1f} {:>13} {:>9.1f} {:>9.1f}\n",
        l.design_point, l.final ? "final" : fmt::format("{}", l.look), l.held, l.stop_efficacy,
        l.stop_futility,
        fmt::format("{:.4f} ± {:.4f}", l.cumulative_rejection, l.cumulative_rejection_se),
        std::isnan(l.null_cumulative_rejection)
            ? "-"
            : fmt::format("{:.4f}", l.null_cumulative_rejection),
        l.mean_day / m,
        std::isnan(l.day_q10) ? "-" : fmt::format("{:.1f}-{:.1f}", l.day_q10 / m, l.day_q90 / m),
        l.mean_patients, l.mean_events);
    if (!l.final) continue;
    fmt::print(out, "{:>5} expected at the stop: {:.1f} months, {:.1f} patients, {:.1f} events\n",
               l.design_point, l.expected_stop_day / m, l.expected_stop_patients,
               l.expected_stop_events);
  }
}

// The design points that differ only in sample size, keyed by the other axes' values.
std::map<std::string, std::vector<const io::SummaryRow*>> by_other_axes(
    const io::SummaryTable& table) {
  std::map<std::string, std::vector<const io::SummaryRow*>> groups;
  for (const io::SummaryRow& row : table.rows) {
    std::vector<std::string> key;
    for (std::size_t a = 0; a < table.axis_names.size(); ++a) {
      if (table.axis_names[a] == "design.sample_size") continue;
      key.push_back(fmt::format("{}={}", table.axis_names[a], axis_value(row, a)));
    }
    groups[fmt::format("{}", fmt::join(key, ", "))].push_back(&row);
  }
  return groups;
}

// The smallest sample size on the grid whose simulated power reaches the target, per test
// and per combination of the other grid axes.
int smallest_sample_size(const io::SummaryTable& table,
                         const std::vector<const io::SummaryRow*>& rows, std::size_t t) {
  int best = -1;
  for (const io::SummaryRow* row : rows) {
    if (row->power[t] >= table.target_power && (best < 0 || row->sample_size < best))
      best = row->sample_size;
  }
  return best;
}

void print_smallest_sample_sizes(const io::SummaryTable& table, std::ostream& out) {
  fmt::print(out, "\nSmallest sample size on the grid with power >= {:g}:\n", table.target_power);
  for (const auto& [key, rows] : by_other_axes(table)) {
    for (std::size_t t = 0; t < table.test_names.size(); ++t) {
      const int best = smallest_sample_size(table, rows, t);
      fmt::print(out, "  {:<24} {:<40} {}\n", table.test_names[t], key.empty() ? "-" : key,
                 best < 0 ? std::string("not reached") : fmt::format("{}", best));
    }
  }
}

// The design point with the largest sample size in a group: its simulated rates are the
// most precise estimates of the model's truth for a closed-form formula.
const io::SummaryRow& largest(const std::vector<const io::SummaryRow*>& rows) {
  const io::SummaryRow* best = rows.front();
  for (const io::SummaryRow* r : rows) best = r->sample_size > best->sample_size ? r : best;
  return *best;
}

std::optional<std::size_t> landmark_index(const io::SummaryTable& table, double day) {
  for (std::size_t l = 0; l < table.landmark_days.size(); ++l) {
    if (std::abs(table.landmark_days[l] - day) < 1e-9) return l;
  }
  return std::nullopt;
}

// Closed-form sample sizes beside the simulated ones, evaluated at the model's truth
// (/truth: one large simulated sample per design point, followed without censoring; issue
// 16), honouring each test's sidedness: two-sided tests use alpha / 2 per side; `less`
// mirrors the rates. Files before format 1.5 have no truth: then the median estimate of
// the largest n is used, and the line says so.
struct Truth {
  double rate = std::numeric_limits<double>::quiet_NaN();  // relapse-free at the test's `at`
  double hazard_ratio = std::numeric_limits<double>::quiet_NaN();
  std::string source;     // how the rate was obtained, for the label
  std::string hr_source;  // how the hazard ratio was
};

Truth truth_for(const io::SummaryTable& table, std::size_t t, const io::SummaryRow& row) {
  for (const io::TruthRow& truth : table.truth) {
    if (truth.design_point != row.design_point || truth.patients <= 0) continue;
    return {truth.rate[t], truth.hazard_ratio,
            fmt::format("model truth, {} simulated patients", truth.patients),
            truth.hazard_ratio_exact
                ? std::string("the model's own, while on IFN")
                : fmt::format("Peto estimate from {} simulated patients", truth.patients)};
  }
  const auto l = landmark_index(table, table.test_at_days[t]);
  const std::string median = "median estimate: no model truth in this file";
  return {l ? row.km_median[*l] : std::numeric_limits<double>::quiet_NaN(), row.hazard_ratio_median,
          median, median};
}

// The one-sided level per side, and a label such as "one-sided alpha 0.05".
std::pair<double, std::string> per_side(const io::SummaryTable& table, std::size_t t) {
  const double alpha = table.test_alphas[t];
  const bool two = t < table.test_alternatives.size() && table.test_alternatives[t] == "two.sided";
  return two ? std::pair{alpha / 2.0, fmt::format("two-sided alpha {:g}", alpha)}
             : std::pair{alpha, fmt::format("one-sided alpha {:g}", alpha)};
}

// The null and true rates oriented so that the alternative is "larger" (`less` mirrored).
std::pair<double, double> oriented(const io::SummaryTable& table, std::size_t t, double p1) {
  const double p0 = table.test_null_rates[t];
  const bool less = t < table.test_alternatives.size() && table.test_alternatives[t] == "less";
  return less ? std::pair{1.0 - p0, 1.0 - p1} : std::pair{p0, p1};
}

std::string rate_form(const io::SummaryTable& table, std::size_t t, const Truth& truth) {
  const auto [p0, p1] = oriented(table, t, truth.rate);
  if (!(p1 > p0 && p1 < 1.0))
    return fmt::format("- (no effect at S1 = {:.3f}: {})", truth.rate, truth.source);
  const auto [alpha, side] = per_side(table, t);
  const bool exact = table.test_closed_forms[t] == analysis::ClosedForm::ExactBinomial;
  const int n = exact ? analysis::exact_binomial_sample_size(p0, p1, alpha, table.target_power)
                      : analysis::landmark_loglog_sample_size(p0, p1, alpha, table.target_power);
  return fmt::format("{}, S1 = {:.3f} ({}), {}: n = {} followed to the landmark",
                     exact ? "exact binomial (A'Hern 2001)" : "log-log normal approximation",
                     truth.rate, truth.source, side, n);
}

// Wu (2015) with the exponential-equivalent hazard ratio at the landmark, log S1 / log S0.
std::string one_sample_logrank(const io::SummaryTable& table, std::size_t t, const Truth& truth) {
  const auto [p0, p1] = oriented(table, t, truth.rate);
  if (!(p1 > p0 && p1 < 1.0))
    return fmt::format("- (no effect at S1 = {:.3f}: {})", truth.rate, truth.source);
  const auto [alpha, side] = per_side(table, t);
  const double delta = std::log(p1) / std::log(p0);
  const double e0 = analysis::one_sample_logrank_null_events(delta, alpha, table.target_power);
  return fmt::format(
      "one-sample log-rank (Wu 2015), delta = {:.3f} ({}), {}: {:.1f} expected "
      "null events",
      delta, truth.source, side, e0);
}

// Schoenfeld (1983) with the true hazard ratio and the allocation (experimental share p:
// events / (p (1 - p))); patients from the simulated proportion relapsing by the analysis.
std::string schoenfeld(const io::SummaryTable& table, std::size_t t, const io::SummaryRow& row,
                       const Truth& truth) {
  if (!(std::abs(std::log(truth.hazard_ratio)) >= 0.02))
    return fmt::format("- (no effect at HR = {:.3f}: {})", truth.hazard_ratio, truth.hr_source);
  const std::vector<int>& ratio = table.allocation_ratio;
  const double p = ratio.size() == 2 ? static_cast<double>(ratio[0]) / (ratio[0] + ratio[1]) : 0.5;
  const auto [alpha, side] = per_side(table, t);
  const double d =
      analysis::schoenfeld_events(truth.hazard_ratio, 2.0 * alpha, table.target_power, p);
  const double p_event = row.mean_relapses / row.mean_evaluable;
  return fmt::format(
      "Schoenfeld, HR = {:.3f} ({}), {}: {:.0f} events, n = {:.0f} evaluable at the simulated "
      "{:.2f} relapsing by the analysis",
      truth.hazard_ratio, truth.hr_source, side, std::ceil(d), std::ceil(d / p_event), p_event);
}

std::string closed_form(const io::SummaryTable& table, std::size_t t, const io::SummaryRow& row) {
  const Truth truth = truth_for(table, t, row);
  switch (table.test_closed_forms[t]) {
    case analysis::ClosedForm::None: return "-";
    case analysis::ClosedForm::ExactBinomial:
    case analysis::ClosedForm::LandmarkLogLog: return rate_form(table, t, truth);
    case analysis::ClosedForm::OneSampleLogRank: return one_sample_logrank(table, t, truth);
    case analysis::ClosedForm::Schoenfeld: return schoenfeld(table, t, row, truth);
  }
  return "-";
}

void print_closed_forms(const io::SummaryTable& table, std::ostream& out) {
  if (table.test_kinds.size() != table.test_names.size()) return;  // a format 1.0 file
  fmt::print(out,
             "\nClosed-form sample size for power {:g} (the test each approximates, at the model's "
             "truth of the largest n):\n",
             table.target_power);
  for (const auto& [key, rows] : by_other_axes(table)) {
    const io::SummaryRow& row = largest(rows);
    for (std::size_t t = 0; t < table.test_names.size(); ++t) {
      fmt::print(out, "  {:<24} {:<40} {}\n", table.test_names[t], key.empty() ? "-" : key,
                 closed_form(table, t, row));
    }
  }
}

// ---- --csv: every section as its own table, every digit -------------------------------

// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void print_csv_row(std::ostream& out, const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  for (const auto& f : fields) quoted.push_back(csv_field(f));
  fmt::print(out, "{}\n", fmt::join(quoted, ","));
}

void print_csv_tests(const io::SummaryTable& table, std::ostream& out) {
  fmt::print(out, "\n# tests\n");
  print_csv_row(out, {"test", "kind", "alpha", "alternative"});
  for (std::size_t t = 0; t < table.test_names.size(); ++t) {
    print_csv_row(out, {table.test_names[t], t < table.test_kinds.size() ? table.test_kinds[t] : "",
                        fmt::format("{}", table.test_alphas[t]),
                        t < table.test_alternatives.size() ? table.test_alternatives[t] : ""});
  }
}

void print_csv_eligibility_and_looks(const io::SummaryTable& table, std::ostream& out) {
  if (!table.eligibility.empty()) {
    fmt::print(out, "\n# eligibility\n");
    print_csv_row(out, {"design_point", "drawn", "enrolled", "acceptance"});
    for (const io::EligibilityRow& e : table.eligibility)
      print_csv_row(out, {fmt::format("{}", e.design_point), fmt::format("{}", e.drawn),
                          fmt::format("{}", e.enrolled), fmt::format("{}", e.acceptance)});
  }
  if (table.looks.empty()) return;
  fmt::print(out, "\n# looks (days after the accrual start)\n");
  print_csv_row(out,
                {"design_point", "look", "final", "held", "stop_efficacy", "stop_futility",
                 "cumulative_rejection", "cumulative_rejection_se", "null_cumulative_rejection",
                 "mean_day", "day_q10", "day_q50", "day_q90", "mean_patients", "mean_events"});
  for (const io::LookRow& l : table.looks) {
    std::vector<std::string> f{fmt::format("{}", l.design_point), fmt::format("{}", l.look),
                               fmt::format("{}", static_cast<int>(l.final))};
    for (const double v : {l.held, l.stop_efficacy, l.stop_futility, l.cumulative_rejection,
                           l.cumulative_rejection_se, l.null_cumulative_rejection, l.mean_day,
                           l.day_q10, l.day_q50, l.day_q90, l.mean_patients, l.mean_events})
      f.push_back(fmt::format("{}", v));
    print_csv_row(out, f);
  }
}

void print_csv_sample_sizes(const io::SummaryTable& table, std::ostream& out) {
  fmt::print(out, "\n# smallest sample size on the grid with power >= {}\n", table.target_power);
  print_csv_row(out, {"test", "other_axes", "smallest_n"});
  const auto groups = by_other_axes(table);
  for (const auto& [key, rows] : groups) {
    for (std::size_t t = 0; t < table.test_names.size(); ++t) {
      const int best = smallest_sample_size(table, rows, t);
      print_csv_row(out, {table.test_names[t], key, best < 0 ? "" : fmt::format("{}", best)});
    }
  }
  if (table.test_kinds.size() != table.test_names.size()) return;
  fmt::print(out, "\n# closed-form sample size for power {}\n", table.target_power);
  print_csv_row(out, {"test", "other_axes", "closed_form"});
  for (const auto& [key, rows] : groups) {
    for (std::size_t t = 0; t < table.test_names.size(); ++t)
      print_csv_row(out, {table.test_names[t], key, closed_form(table, t, largest(rows))});
  }
}

void print_csv(const io::SummaryTable& table, std::ostream& out) {
  print_csv_row(out, header(table));
  for (const io::SummaryRow& row : table.rows) print_csv_row(out, cells(table, row, true));
  print_csv_tests(table, out);
  print_csv_boundary_sizes(table, out);
  print_csv_eligibility_and_looks(table, out);
  print_csv_sample_sizes(table, out);
}

}  // namespace

void print_summary(const std::string& path, bool csv, std::optional<double> target_power,
                   std::ostream& out) {
  io::SummaryTable table = io::read_summary(path);
  if (target_power) table.target_power = *target_power;
  const std::vector<std::string> names = header(table);
  if (csv) return print_csv(table, out);
  // Transposed for the terminal: one line per quantity, one column per design point.
  std::vector<std::vector<std::string>> columns;
  for (const io::SummaryRow& row : table.rows) columns.push_back(cells(table, row, false));
  for (std::size_t i = 0; i < names.size(); ++i) {
    fmt::print(out, "{:<28}", names[i]);
    for (const auto& col : columns) fmt::print(out, " {:>10}", col[i]);
    fmt::print(out, "\n");
  }
  print_test_legend(table, out);
  print_boundary_sizes(table, out);
  print_eligibility(table, out);
  print_looks(table, out);
  print_smallest_sample_sizes(table, out);
  print_closed_forms(table, out);
}

}  // namespace jisas::app
