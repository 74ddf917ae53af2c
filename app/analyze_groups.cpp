// The --group part of `jisas-sim analyze`: Kaplan-Meier per group, the log-rank test
// across groups, and each group's hazard ratio against the first level (Cox and Peto).
#include <algorithm>

#include "app/analyze_command.h"

namespace jisas::app {
namespace {

// The patients of the listed group codes, recoded 0, 1, ... in the listed order.
struct Subset {
  std::vector<double> time;
  std::vector<int> event;
  std::vector<int> group;
};

Subset subset(const PatientData& data, const std::vector<int>& codes) {
  Subset s;
  for (std::size_t i = 0; i < data.time.size(); ++i) {
    const auto it = std::find(codes.begin(), codes.end(), data.group[i]);
    if (it == codes.end()) continue;
    s.time.push_back(data.time[i]);
    s.event.push_back(data.event[i]);
    s.group.push_back(static_cast<int>(it - codes.begin()));
  }
  return s;
}

// survfit(Surv(time, event) ~ group): each stratum is the KM of its own patients.
GroupKm group_km(const PatientData& data, const AnalyzeOptions& options, int code) {
  const Subset s = subset(data, {code});
  GroupKm g{data.group_levels[static_cast<std::size_t>(code)],
            static_cast<int>(s.time.size()),
            static_cast<int>(std::count(s.event.begin(), s.event.end(), 1)),
            analysis::KaplanMeier(options.confidence),
            {},
            0.0};
  g.km.fit(s.time, s.event);
  for (const double t : options.landmarks) g.landmarks.push_back(g.km.at(t));
  g.median = g.km.median();
  return g;
}

// Peto's one-step estimate for one group against the reference uses the log-rank
// O - E and V of those two groups alone (Yusuf, Peto et al. 1985), so with three or more
// groups it is a pairwise comparison, like the Cox coefficient it sits beside.
analysis::HazardRatio peto_against_reference(const PatientData& data, int code) {
  const Subset pair = subset(data, {0, code});
  const analysis::LogRankResult lr = analysis::log_rank(pair.time, pair.event, pair.group, 2);
  return analysis::peto_hazard_ratio(lr, 1);
}

}  // namespace

void analyze_groups(const PatientData& data, const AnalyzeOptions& options,
                    AnalysisReport& report) {
  const int n_groups = static_cast<int>(data.group_levels.size());
  report.logrank = analysis::log_rank(data.time, data.event, data.group, n_groups);
  for (int g = 0; g < n_groups; ++g) {
    const auto gi = static_cast<std::size_t>(g);
    const int n = static_cast<int>(std::count(data.group.begin(), data.group.end(), g));
    report.groups.push_back(
        {data.group_levels[gi], n, report.logrank->observed[gi], report.logrank->expected[gi]});
    report.group_km.push_back(group_km(data, options, g));
  }
  if (n_groups < 2) return;  // a single level: nothing to compare
  report.cox = analysis::cox_fit(data.time, data.event,
                                 analysis::dummy_coding(data.group, n_groups), n_groups - 1);
  for (int g = 1; g < n_groups; ++g) {
    report.hazard_ratios.push_back({data.group_levels[static_cast<std::size_t>(g)],
                                    analysis::cox_term(*report.cox, g - 1),
                                    peto_against_reference(data, g)});
  }
}

}  // namespace jisas::app
