// `jisas-sim analyze DATA.csv`: the per-cohort analyses of the simulation, run on real
// patient data, so the published interim analysis and simulated ones sit side by side.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "analysis/alternative.h"
#include "analysis/cox.h"
#include "analysis/kaplan_meier.h"
#include "analysis/logrank.h"
#include "analysis/wilcoxon.h"

namespace jisas::app {

struct AnalyzeOptions {
  std::string data_path;
  std::string time_column = "time";
  std::string event_column = "event";
  std::optional<std::string> covariate_column;  // Mann-Whitney: x = no event, y = event
  std::optional<std::string> group_column;      // log-rank across its values
  std::vector<double> landmarks;                // in the time column's unit
  analysis::ConfidenceSpec confidence;
  analysis::Alternative alternative = analysis::Alternative::TwoSided;
  bool json = false;
};

// One patient per row, validated.
struct PatientData {
  std::vector<double> time;
  std::vector<int> event;
  std::vector<double> covariate;  // empty without --covariate
  std::vector<int> group;         // codes into group_levels; empty without --group
  std::vector<std::string> group_levels;
};

struct GroupSummary {
  std::string level;
  int n = 0;
  double observed = 0.0;
  double expected = 0.0;
};

// Kaplan-Meier of the patients of one group level.
struct GroupKm {
  std::string level;
  int n = 0;
  int events = 0;
  analysis::KaplanMeier km;
  std::vector<analysis::SurvivalPoint> landmarks;
  double median = 0.0;
};

// One group level against the reference (the first level): Cox's partial-likelihood
// estimate and Peto's one-step estimate from the two-group log-rank test of the pair.
struct HazardRatioRow {
  std::string level;
  analysis::CoxTerm cox;
  analysis::HazardRatio peto;
};

struct AnalysisReport {
  int n = 0;
  int events = 0;
  analysis::KaplanMeier km;
  std::vector<analysis::SurvivalPoint> landmarks;
  double median = 0.0;
  std::optional<analysis::WilcoxonResult> mann_whitney;
  std::optional<analysis::LogRankResult> logrank;
  std::vector<GroupSummary> groups;
  std::vector<GroupKm> group_km;              // one per level, in group_levels order
  std::optional<analysis::CoxResult> cox;     // coxph(Surv(time, event) ~ factor(group))
  std::vector<HazardRatioRow> hazard_ratios;  // one per level after the first
};

// The --group part of the report: per-group KM, log-rank, Cox model and hazard ratios.
void analyze_groups(const PatientData& data, const AnalyzeOptions& options, AnalysisReport& report);

// Throws InputError naming file:row:column for a bad cell or a missing column.
PatientData load_patient_data(const AnalyzeOptions& options);
AnalysisReport analyze(const PatientData& data, const AnalyzeOptions& options);

void print_text(const AnalysisReport& report, const AnalyzeOptions& options, std::ostream& out);
void print_json(const AnalysisReport& report, const AnalyzeOptions& options, std::ostream& out);

// Checks the options, loads, analyses and prints; InputError for anything the user can fix.
void run_analyze(const AnalyzeOptions& options, std::ostream& out);

}  // namespace jisas::app
