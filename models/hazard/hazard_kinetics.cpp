#include "models/hazard/hazard_kinetics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/exponential_distribution.hpp>

#include "trial/distributions.h"

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
                                    const trial::Covariates& covariates, double ifn_start,
                                    double ifn_end, engine::RandomEngine& rng) {
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
  // times the IFN hazard ratio while IFN is given, from day s to day s + duration. So IFN
  // both delays relapses and, given until relapse, raises the cure fraction to p^(m HR).
  // One Exp(1) draw is inverted; HR = 1 gives exactly the day without IFN, so a null twin
  // shares every relapse time.
  const auto big_l = [&](double t) {
    return -std::log(p + (1.0 - p) * std::exp(-trial::cumulative_hazard(spec.relapse_time, t)));
  };
  const auto big_l_inverse = [&](double l) {
    return trial::inverse_cumulative_hazard(spec.relapse_time,
                                            -std::log((std::exp(-l) - p) / (1.0 - p)));
  };
  const double m = std::exp(spec.relapse_log_hr_per_year_cmr * cmr_years);
  const double e = boost::random::exponential_distribution<double>(1.0)(rng) / m;
  const double l_max = p > 0.0 ? -std::log(p) : kInf;
  // Cumulative hazard on the L scale at the IFN start and end; the draw e is the
  // patient's total hazard, which IFN accrues at HR times the rate in between. Computed
  // only where they change the day: a null twin (HR 1) draws as often as its cohort.
  const double hr = spec.ifn_hazard_ratio;
  double l = e;
  if (hr != 1.0) {  // (hr = 1: exactly e, not e up to rounding)
    const double l_start = std::isfinite(ifn_start) ? big_l(ifn_start) : l_max;
    if (e > l_start) {
      const double l_end = std::isfinite(ifn_end) ? big_l(ifn_end) : l_max;
      const double accrued_on_ifn = hr * (l_end - l_start);
      l = e - l_start <= accrued_on_ifn ? l_start + (e - l_start) / hr
                                        : l_end + (e - l_start - accrued_on_ifn);
    }
  }
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

// Off treatment the ratio stays at the residual level until it grows through
// threshold 2^((t - latent) / doubling): it reaches `bound` at
// latent + doubling log2(bound / threshold).
double HazardKinetics::quiet_until(double bound) const {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (on_im() || spec_.residual_ratio > bound) return Kinetics::quiet_until(bound);
  if (patient_.cured || !std::isfinite(patient_.latent_relapse)) return kInf;
  if (bound >= kMaxRatio) return kInf;
  return patient_.latent_relapse + spec_.doubling_time * std::log2(bound / threshold_);
}

double HazardKinetics::ratio() const {
  if (!on_im()) return ratio_off_treatment(now_);
  const double at_resume = ratio_off_treatment(im_resumed_);
  const double fallen = at_resume * std::exp2(-(now_ - im_resumed_) / spec_.im_half_life);
  return std::max(fallen, spec_.residual_ratio);
}

}  // namespace jisas::models
