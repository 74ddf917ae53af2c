// Pieces of the text and JSON renderings of an AnalysisReport shared by
// analyze_report.cpp (the pooled analysis) and analyze_group_report.cpp (--group).
#pragma once

#include <iosfwd>
#include <string>

#include "app/analyze_command.h"
#include "io/json_writer.h"

namespace jisas::app {

std::string format_number(double v, int precision = 4);  // "NA" when not finite
void write_point(io::JsonWriter& json, const analysis::SurvivalPoint& p);
void write_km_rows(io::JsonWriter& json, const analysis::KaplanMeier& km);

// Text: Kaplan-Meier by group (n, events, median, landmarks), after the pooled curve.
void print_group_km(const AnalysisReport& report, const AnalyzeOptions& options, std::ostream& out);
// Text: the Cox model and Peto's hazard ratios, after the log-rank test.
void print_hazard_ratios(const AnalysisReport& report, std::ostream& out);
// JSON keys group_km, cox and peto (docs/analyze.md).
void write_group_json(io::JsonWriter& json, const AnalysisReport& report);

}  // namespace jisas::app
