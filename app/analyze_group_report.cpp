// Text and JSON renderings of the --group part of an AnalysisReport: Kaplan-Meier per
// group, the Cox model and Peto's hazard ratios (see docs/analyze.md for the JSON keys).
#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "app/analyze_report.h"

namespace jisas::app {
namespace {

using analysis::CoefStatus;

std::string p_value(double p) {
  return std::isfinite(p) ? fmt::format("{:.4g}", p) : "NA";
}

std::string median_text(double m) {
  return std::isfinite(m) ? fmt::format("{:g}", m) : "not reached";
}

// An infinite coefficient prints as -Inf / Inf (hazard ratio 0 / Inf), not as NA.
std::string signed_number(double v, int precision = 4) {
  if (std::isinf(v)) return v < 0 ? "-Inf" : "Inf";
  return format_number(v, precision);
}

void print_cox_row(const HazardRatioRow& row, std::ostream& out) {
  const analysis::CoxTerm& t = row.cox;
  fmt::print(out, "{:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9}\n", row.level,
             signed_number(t.coef), format_number(t.se), signed_number(t.hazard_ratio),
             format_number(t.lower), format_number(t.upper), format_number(t.z, 3),
             p_value(t.p_value));
}

// Why a row has no finite estimate, in words, under the table.
void print_cox_notes(const AnalysisReport& report, std::ostream& out) {
  for (const HazardRatioRow& row : report.hazard_ratios) {
    if (row.cox.status == CoefStatus::Infinite) {
      const bool to_zero = row.cox.coef < 0;
      fmt::print(out,
                 "  '{}': infinite estimate: the partial likelihood keeps rising as its hazard "
                 "ratio goes to {}\n    (no events in {}?); no standard error or limits (R's "
                 "coxph: a huge coefficient, and a warning)\n",
                 row.level, to_zero ? "0" : "infinity",
                 to_zero ? fmt::format("'{}'", row.level) : "the reference");
    } else if (row.cox.status == CoefStatus::NotEstimable && report.cox->converged) {
      fmt::print(out,
                 "  '{}': not estimable (no information: none of its patients is at risk at "
                 "an event time;\n    R reports NA)\n",
                 row.level);
    }
  }
}

void print_cox_tests(const analysis::CoxResult& fit, std::ostream& out) {
  const auto line = [&out](const char* name, const analysis::ChiSquareTest& t) {
    fmt::print(out, "  {:<21} = {} on {} df, p-value = {}\n", name, format_number(t.chisq), t.df,
               p_value(t.p_value));
  };
  line("likelihood ratio test", fit.likelihood_ratio);
  line("Wald test", fit.wald);
  line("score (log-rank) test", fit.score);
}

void print_cox(const AnalysisReport& report, const std::string& reference, std::ostream& out) {
  const analysis::CoxResult& fit = *report.cox;
  fmt::print(out,
             "\nCox proportional hazards model, hazard ratio against '{}' (the first level), "
             "Efron ties, 95% CI\n",
             reference);
  if (report.events == 0) {
    fmt::print(out, "  no events: nothing to estimate\n");
    return;
  }
  if (!fit.converged) {
    fmt::print(out, "  did not converge in {} Newton-Raphson iterations: no estimate\n",
               fit.iterations);
  }
  fmt::print(out, "{:>12} {:>9} {:>9} {:>9} {:>9} {:>9} {:>8} {:>9}\n", "group", "coef", "se(coef)",
             "HR", "lower", "upper", "z", "p-value");
  for (const HazardRatioRow& row : report.hazard_ratios) print_cox_row(row, out);
  print_cox_notes(report, out);
  print_cox_tests(fit, out);
}

void print_peto(const AnalysisReport& report, const std::string& reference, std::ostream& out) {
  fmt::print(out,
             "\nPeto's one-step hazard ratio against '{}', exp((O - E) / V) from the log-rank "
             "test of each pair, 95% CI\n{:>12} {:>9} {:>9} {:>9}\n",
             reference, "group", "HR", "lower", "upper");
  for (const HazardRatioRow& row : report.hazard_ratios) {
    fmt::print(out, "{:>12} {:>9} {:>9} {:>9}\n", row.level, format_number(row.peto.estimate),
               format_number(row.peto.lower), format_number(row.peto.upper));
  }
}

void write_test(io::JsonWriter& json, const char* name, const analysis::ChiSquareTest& t) {
  json.key(name).begin_object().key("chisq").value(t.chisq).key("df").value(t.df);
  json.key("p_value").value(t.p_value).end_object();
}

const char* status_name(CoefStatus s) {
  switch (s) {
    case CoefStatus::Estimated: return "estimated";
    case CoefStatus::Infinite: return "infinite";
    case CoefStatus::NotEstimable: return "not_estimable";
  }
  return "not_estimable";
}

void write_cox(io::JsonWriter& json, const AnalysisReport& report) {
  const analysis::CoxResult& fit = *report.cox;
  json.begin_object().key("reference").value(report.group_km.front().level);
  json.key("ties").value("efron").key("converged").boolean(fit.converged);
  json.key("iterations").value(fit.iterations);
  json.key("loglik_null").value(fit.loglik_null).key("loglik").value(fit.loglik);
  write_test(json, "likelihood_ratio", fit.likelihood_ratio);
  write_test(json, "wald", fit.wald);
  write_test(json, "score", fit.score);
  json.key("terms").begin_array();
  for (const HazardRatioRow& row : report.hazard_ratios) {
    const analysis::CoxTerm& t = row.cox;
    json.begin_object().key("level").value(row.level).key("status").value(status_name(t.status));
    json.key("coef").value(t.coef).key("se").value(t.se);
    json.key("hazard_ratio").value(t.hazard_ratio).key("lower").value(t.lower);
    json.key("upper").value(t.upper).key("z").value(t.z).key("p_value").value(t.p_value);
    json.end_object();
  }
  json.end_array().end_object();
}

void write_peto(io::JsonWriter& json, const AnalysisReport& report) {
  json.begin_object().key("reference").value(report.group_km.front().level);
  json.key("terms").begin_array();
  for (const HazardRatioRow& row : report.hazard_ratios) {
    json.begin_object().key("level").value(row.level);
    json.key("hazard_ratio").value(row.peto.estimate).key("lower").value(row.peto.lower);
    json.key("upper").value(row.peto.upper).end_object();
  }
  json.end_array().end_object();
}

}  // namespace

void print_group_km(const AnalysisReport& report, const AnalyzeOptions& options,
                    std::ostream& out) {
  if (report.group_km.empty()) return;
  fmt::print(out, "\nKaplan-Meier by '{}' ({:g}% CI, {})\n{:>12} {:>5} {:>7} {:>12}\n",
             *options.group_column, 100.0 * options.confidence.level,
             analysis::to_string(options.confidence.type), "group", "n", "events", "median");
  for (const GroupKm& g : report.group_km) {
    fmt::print(out, "{:>12} {:>5} {:>7} {:>12}\n", g.level, g.n, g.events, median_text(g.median));
  }
  if (options.landmarks.empty()) return;
  fmt::print(out, "\nSurvival at landmarks by '{}'\n{:>12} {:>10} {:>9} {:>9} {:>9} {:>9}\n",
             *options.group_column, "group", "time", "survival", "std.err", "lower", "upper");
  for (const GroupKm& g : report.group_km) {
    for (const analysis::SurvivalPoint& p : g.landmarks) {
      fmt::print(out, "{:>12} {:>10g} {:>9} {:>9} {:>9} {:>9}\n", g.level, p.time,
                 format_number(p.survival), format_number(p.std_err), format_number(p.lower),
                 format_number(p.upper));
    }
  }
}

void print_hazard_ratios(const AnalysisReport& report, std::ostream& out) {
  if (!report.cox) return;
  const std::string& reference = report.group_km.front().level;
  print_cox(report, reference, out);
  print_peto(report, reference, out);
}

void write_group_json(io::JsonWriter& json, const AnalysisReport& report) {
  json.key("group_km").begin_array();
  for (const GroupKm& g : report.group_km) {
    json.begin_object().key("level").value(g.level).key("n").value(g.n);
    json.key("events").value(g.events).key("median").value(g.median);
    json.key("landmarks").begin_array();
    for (const analysis::SurvivalPoint& p : g.landmarks) write_point(json, p);
    json.end_array().key("km");
    write_km_rows(json, g.km);
    json.end_object();
  }
  json.end_array();
  if (!report.cox) {
    json.key("cox").null().key("peto").null();
    return;
  }
  json.key("cox");
  write_cox(json, report);
  json.key("peto");
  write_peto(json, report);
}

}  // namespace jisas::app
