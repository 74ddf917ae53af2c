#include "analysis/rmst.h"
#include "analysis/time_order.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace jisas::analysis {
namespace {

using Step = RestrictedMeanScratch::Step;

void steps_before(std::span<const double> time, std::span<const int> event, double tau,
                  RestrictedMeanScratch& scratch) {
  std::vector<std::size_t>& order = scratch.order;
  order_by_time(time, order, scratch.keyed);
  std::vector<Step>& steps = scratch.steps;
  steps.clear();
  double at_risk = static_cast<double>(time.size()), survival = 1.0;
  for (std::size_t i = 0; i < order.size() && time[order[i]] < tau;) {
    const double t = time[order[i]];
    double deaths = 0.0, leaving = 0.0;
    for (; i < order.size() && time[order[i]] == t; ++i) {
      deaths += event[order[i]];
      leaving += 1.0;
    }
    if (deaths > 0.0) {
      survival *= 1.0 - deaths / at_risk;
      steps.push_back({t, at_risk, deaths, survival});
    }
    at_risk -= leaving;
  }
}

}  // namespace

// mean = sum over the steps of S on [t_j, t_j+1); A_j, the area from t_j to tau, is
// accumulated backwards; an event at tau changes nothing within [0, tau].
RestrictedMean restricted_mean(std::span<const double> time, std::span<const int> event,
                               double tau) {
  RestrictedMeanScratch scratch;
  return restricted_mean(time, event, tau, scratch);
}

RestrictedMean restricted_mean(std::span<const double> time, std::span<const int> event, double tau,
                               RestrictedMeanScratch& scratch) {
  if (time.size() != event.size()) throw std::invalid_argument("rmst: inputs differ in length");
  steps_before(time, event, tau, scratch);
  const std::vector<Step>& steps = scratch.steps;
  RestrictedMean r;
  double area_after = 0.0;  // A_j for the step being visited
  for (std::size_t j = steps.size(); j-- > 0;) {
    const double end = j + 1 < steps.size() ? steps[j + 1].time : tau;
    area_after += steps[j].survival * (end - steps[j].time);
    const Step& s = steps[j];
    if (s.at_risk > s.deaths)
      r.variance += area_after * area_after * s.deaths / (s.at_risk * (s.at_risk - s.deaths));
  }
  r.mean = area_after + (steps.empty() ? tau : steps.front().time);
  return r;
}

}  // namespace jisas::analysis
