#include "app/analyze_command.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "engine/errors.h"
#include "io/csv_table.h"

namespace jisas::app {
namespace {

void check_options(const AnalyzeOptions& options) {
  const double level = options.confidence.level;
  if (!(level > 0.0 && level < 1.0)) {
    throw InputError(fmt::format("--conf-level: must lie strictly between 0 and 1, got {}", level));
  }
  for (const double t : options.landmarks) {
    if (!(t >= 0.0) || !std::isfinite(t)) {
      throw InputError(fmt::format("--landmarks: times must be finite and >= 0, got {}", t));
    }
  }
}

bool parses_as_number(const std::string& s) {
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Group levels in the order R's factor() gives them for this column: numeric order if
// every value is a number, otherwise sorted as text (the C locale).
std::vector<std::string> sorted_levels(const std::vector<std::string>& values) {
  std::vector<std::string> levels = values;
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  if (std::all_of(levels.begin(), levels.end(), parses_as_number)) {
    std::stable_sort(levels.begin(), levels.end(), [](const std::string& a, const std::string& b) {
      return std::stod(a) < std::stod(b);
    });
  }
  return levels;
}

}  // namespace

PatientData load_patient_data(const AnalyzeOptions& options) {
  const io::CsvTable table = io::CsvTable::read(options.data_path);
  PatientData data;
  data.time = table.numbers(options.time_column);
  const std::vector<double> events = table.numbers(options.event_column);
  const std::size_t time_col = table.column(options.time_column);
  const std::size_t event_col = table.column(options.event_column);
  for (std::size_t i = 0; i < table.rows().size(); ++i) {
    const io::CsvRow& row = table.rows()[i];
    if (data.time[i] < 0.0) {
      throw InputError(fmt::format("{}: time must be >= 0, found '{}'",
                                   table.cell_location(row, time_col), row.fields[time_col]));
    }
    if (events[i] != 0.0 && events[i] != 1.0) {
      throw InputError(fmt::format("{}: event must be 0 (censored) or 1 (relapse), found '{}'",
                                   table.cell_location(row, event_col), row.fields[event_col]));
    }
    data.event.push_back(static_cast<int>(events[i]));
  }
  if (options.covariate_column) data.covariate = table.numbers(*options.covariate_column);
  if (options.group_column) {
    const std::vector<std::string> values = table.texts(*options.group_column);
    data.group_levels = sorted_levels(values);
    std::map<std::string, int> code;
    for (std::size_t i = 0; i < data.group_levels.size(); ++i) {
      code[data.group_levels[i]] = static_cast<int>(i);
    }
    for (const auto& v : values) data.group.push_back(code.at(v));
  }
  return data;
}

AnalysisReport analyze(const PatientData& data, const AnalyzeOptions& options) {
  AnalysisReport report;
  report.n = static_cast<int>(data.time.size());
  report.km = analysis::KaplanMeier(options.confidence);
  for (const int e : data.event) report.events += e;
  report.km.fit(data.time, data.event);
  for (const double t : options.landmarks) report.landmarks.push_back(report.km.at(t));
  report.median = report.km.median();

  if (!data.covariate.empty()) {
    std::vector<double> no_event;
    std::vector<double> with_event;
    for (std::size_t i = 0; i < data.covariate.size(); ++i) {
      (data.event[i] == 1 ? with_event : no_event).push_back(data.covariate[i]);
    }
    report.mann_whitney = analysis::wilcoxon_test(no_event, with_event, options.alternative);
  }
  if (!data.group.empty()) analyze_groups(data, options, report);
  return report;
}

void run_analyze(const AnalyzeOptions& options, std::ostream& out) {
  check_options(options);
  const PatientData data = load_patient_data(options);
  const AnalysisReport report = analyze(data, options);
  if (options.json) {
    print_json(report, options, out);
  } else {
    print_text(report, options, out);
  }
}

}  // namespace jisas::app
