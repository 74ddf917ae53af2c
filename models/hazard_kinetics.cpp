#include "models/hazard_kinetics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/exponential_distribution.hpp>

#include "models/distributions.h"

namespace jisas::models {
namespace {

constexpr double kMaxRatio = 1.0;  // 100% IS, the level at diagnosis

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
double logit(double p) {
  return std::log(p / (1.0 - p));
}

}  // namespace

HazardPatient sample_hazard_patient(const scenarios::HazardModelSpec& spec,
                                    const Covariates& covariates, double ifn_start,
                                    engine::RandomEngine& rng) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double cmr_years =
      covariates.cmr_duration / scenarios::kDaysPerYear - spec.reference_cmr_years;
  // Cure probability without IFN: logistic link on CMR duration (Farewell 1982).
  const double p =
      spec.cure_fraction <= 0.0 ? 0.0
      : spec.cure_fraction >= 1.0
          ? 1.0
          : logistic(logit(spec.cure_fraction) + spec.cure_log_odds_per_year_cmr * cmr_years);
  // Population survival S(t) = p + (1 - p) exp(-H0(t)), cumulative hazard
  // L(t) = -log S(t), bounded by -log p. Proportional hazards act on the population
  // hazard (Cox 1972), as a trial's hazard ratio does: m L(t) with the CMR covariate,
  // times the IFN hazard ratio from the day s IFN starts. So IFN both delays relapses
  // and raises the cure fraction to p^(m HR). One Exp(1) draw is inverted; HR = 1
  // gives exactly the day without IFN, so a null twin shares every relapse time.
  const auto big_l = [&](double t) {
    return -std::log(p + (1.0 - p) * std::exp(-cumulative_hazard(spec.relapse_time, t)));
  };
  const auto big_l_inverse = [&](double l) {
    return inverse_cumulative_hazard(spec.relapse_time, -std::log((std::exp(-l) - p) / (1.0 - p)));
  };
  const double m = std::exp(spec.relapse_log_hr_per_year_cmr * cmr_years);
  const double e = boost::random::exponential_distribution<double>(1.0)(rng) / m;
  const double l_max = p > 0.0 ? -std::log(p) : kInf;
  const double l_start = std::isfinite(ifn_start) ? big_l(ifn_start) : l_max;
  double l = e;
  if (e > l_start) l = l_start + (e - l_start) / spec.ifn_hazard_ratio;
  if (l >= l_max) return {true, kInf};
  return {false, big_l_inverse(l)};
}

HazardKinetics::HazardKinetics(const scenarios::HazardModelSpec& spec, double threshold,
                               const HazardPatient& patient)
    : spec_(spec), threshold_(threshold), patient_(patient) {}

double HazardKinetics::ratio_off_treatment(double day) const {
  if (patient_.cured || !std::isfinite(patient_.latent_relapse)) return spec_.residual_ratio;
  const double grown =
      threshold_ * std::exp2((day - patient_.latent_relapse) / spec_.doubling_time);
  return std::clamp(grown, spec_.residual_ratio, kMaxRatio);
}

double HazardKinetics::ratio() const {
  if (!on_im()) return ratio_off_treatment(now_);
  const double at_resume = ratio_off_treatment(im_resumed_);
  const double fallen = at_resume * std::exp2(-(now_ - im_resumed_) / spec_.im_half_life);
  return std::max(fallen, spec_.residual_ratio);
}

}  // namespace jisas::models
