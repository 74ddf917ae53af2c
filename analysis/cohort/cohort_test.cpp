#include "analysis/cohort/cohort_test.h"

#include <algorithm>
#include <array>
#include <utility>

namespace jisas::analysis {
namespace {

constexpr std::array<std::pair<ClosedForm, std::string_view>, 5> kClosedFormNames{{
    {ClosedForm::None, "none"},
    {ClosedForm::ExactBinomial, "exact_binomial"},
    {ClosedForm::LandmarkLogLog, "landmark_loglog"},
    {ClosedForm::OneSampleLogRank, "one_sample_logrank"},
    {ClosedForm::Schoenfeld, "schoenfeld"},
}};

}  // namespace

void CohortData::clear() {
  for (auto* v : {&time, &follow_up, &cmr_sustained, &cmr_relapsed, &relapse_days, &regain_days}) {
    v->clear();
  }
  event.clear();
  arm.clear();
}

void arm_data(const CohortData& data, int arm, ArmData& out) {
  out.time.clear();
  out.event.clear();
  for (std::size_t i = 0; i < data.time.size(); ++i) {
    if (data.arm[i] != arm) continue;
    out.time.push_back(data.time[i]);
    out.event.push_back(data.event[i]);
  }
}

std::string_view to_string(ClosedForm form) {
  for (const auto& [value, name] : kClosedFormNames) {
    if (value == form) return name;
  }
  return "none";
}

std::optional<ClosedForm> parse_closed_form(std::string_view text) {
  for (const auto& [value, name] : kClosedFormNames) {
    if (name == text) return value;
  }
  return std::nullopt;
}

std::string_view to_string(scenarios::TestedEffect effect) {
  switch (effect) {
    case scenarios::TestedEffect::Ifn: return "ifn";
    case scenarios::TestedEffect::Covariate: return "covariate";
  }
  return "unknown";
}

}  // namespace jisas::analysis
