// Text and JSON renderings of an AnalysisReport (see docs/analyze.md for the JSON keys).
#include <cmath>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "app/analyze_report.h"

namespace jisas::app {

std::string format_number(double v, int precision) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, precision) : "NA";
}

void write_point(io::JsonWriter& json, const analysis::SurvivalPoint& p) {
  json.begin_object();
  json.key("time").value(p.time).key("survival").value(p.survival);
  json.key("std_err").value(p.std_err).key("lower").value(p.lower).key("upper").value(p.upper);
  json.end_object();
}

void write_km_rows(io::JsonWriter& json, const analysis::KaplanMeier& km) {
  json.begin_array();
  for (const analysis::KmRow& r : km.rows()) {
    json.begin_object();
    json.key("time").value(r.time).key("n_risk").value(r.n_risk);
    json.key("n_event").value(r.n_event).key("n_censor").value(r.n_censor);
    json.key("survival").value(r.survival).key("std_err").value(r.std_err);
    json.key("lower").value(r.lower).key("upper").value(r.upper);
    json.end_object();
  }
  json.end_array();
}

namespace {

std::string number(double v, int precision = 4) {
  return format_number(v, precision);
}

void print_km_table(const AnalysisReport& report, const AnalyzeOptions& options,
                    std::ostream& out) {
  fmt::print(out, "Kaplan-Meier relapse-free survival ({:g}% CI, {})\n",
             100.0 * options.confidence.level, analysis::to_string(options.confidence.type));
  fmt::print(out, "{:>10} {:>7} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}\n", "time", "n.risk", "n.event",
             "n.censor", "survival", "std.err", "lower", "upper");
  for (const analysis::KmRow& r : report.km.rows()) {
    fmt::print(out, "{:>10g} {:>7} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}\n", r.time, r.n_risk,
               r.n_event, r.n_censor, number(r.survival), number(r.std_err), number(r.lower),
               number(r.upper));
  }
}

void print_landmarks(const AnalysisReport& report, std::ostream& out) {
  if (report.landmarks.empty()) return;
  fmt::print(out, "\nSurvival at landmarks\n{:>10} {:>9} {:>9} {:>9} {:>9}\n", "time", "survival",
             "std.err", "lower", "upper");
  for (const analysis::SurvivalPoint& p : report.landmarks) {
    fmt::print(out, "{:>10g} {:>9} {:>9} {:>9} {:>9}\n", p.time, number(p.survival),
               number(p.std_err), number(p.lower), number(p.upper));
  }
}

void print_tests(const AnalysisReport& report, const AnalyzeOptions& options, std::ostream& out) {
  if (report.mann_whitney) {
    const analysis::WilcoxonResult& mw = *report.mann_whitney;
    fmt::print(out,
               "\nMann-Whitney test of '{}', patients without (x) vs with (y) an event, {}:\n"
               "  W = {:g}, p-value = {} ({})\n",
               *options.covariate_column, analysis::to_string(options.alternative), mw.w,
               number(mw.p_value, 6), analysis::to_string(mw.method));
  }
  if (report.logrank) {
    fmt::print(out, "\nLog-rank test across '{}'\n{:>12} {:>5} {:>9} {:>9}\n",
               *options.group_column, "group", "N", "observed", "expected");
    for (const GroupSummary& g : report.groups) {
      fmt::print(out, "{:>12} {:>5} {:>9g} {:>9.3f}\n", g.level, g.n, g.observed, g.expected);
    }
    fmt::print(out, "  chi-square = {} on {} df, p-value = {}\n", number(report.logrank->chisq),
               report.logrank->df, number(report.logrank->p_value, 6));
  }
}

void write_tests(io::JsonWriter& json, const AnalysisReport& report) {
  json.key("mann_whitney");
  if (report.mann_whitney) {
    json.begin_object().key("W").value(report.mann_whitney->w);
    json.key("p_value").value(report.mann_whitney->p_value);
    json.key("method").value(analysis::to_string(report.mann_whitney->method)).end_object();
  } else {
    json.null();
  }
  json.key("logrank");
  if (report.logrank) {
    json.begin_object().key("chisq").value(report.logrank->chisq);
    json.key("df").value(report.logrank->df).key("p_value").value(report.logrank->p_value);
    json.key("groups").begin_array();
    for (const GroupSummary& g : report.groups) {
      json.begin_object().key("level").value(g.level).key("n").value(g.n);
      json.key("observed").value(g.observed).key("expected").value(g.expected).end_object();
    }
    json.end_array().end_object();
  } else {
    json.null();
  }
}

}  // namespace

void print_text(const AnalysisReport& report, const AnalyzeOptions& options, std::ostream& out) {
  fmt::print(out, "{}: {} patients, {} events\n\n", options.data_path, report.n, report.events);
  print_km_table(report, options, out);
  print_landmarks(report, out);
  fmt::print(out, "\nMedian relapse-free survival: {}\n",
             std::isfinite(report.median) ? fmt::format("{:g}", report.median) : "not reached");
  print_group_km(report, options, out);
  print_tests(report, options, out);
  print_hazard_ratios(report, out);
}

void print_json(const AnalysisReport& report, const AnalyzeOptions& options, std::ostream& out) {
  io::JsonWriter json;
  json.begin_object();
  json.key("n").value(report.n).key("events").value(report.events);
  json.key("conf_type").value(analysis::to_string(options.confidence.type));
  json.key("conf_level").value(options.confidence.level);
  json.key("km");
  write_km_rows(json, report.km);
  json.key("landmarks").begin_array();
  for (const analysis::SurvivalPoint& p : report.landmarks) write_point(json, p);
  json.end_array();
  json.key("median").value(report.median);
  write_tests(json, report);
  write_group_json(json, report);
  json.end_object();
  out << json.str() << '\n';
}

}  // namespace jisas::app
