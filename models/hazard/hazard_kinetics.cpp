#include "models/hazard/hazard_kinetics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/random/exponential_distribution.hpp>

#include "trial/distributions.h"

namespace jisas::models {
namespace {

constexpr double kMaxRatio = 1.0;  // 100% IS, the level at diagnosis
constexpr double kInf = std::numeric_limits<double>::infinity();

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}
double logit(double p) {
  return std::log(p / (1.0 - p));
}

}  // namespace

double total_hazard_draw(const trial::PatientStreams& streams,
                         std::optional<TotalHazardDraw>* shared) {
  if (shared != nullptr && shared->has_value()) return (*shared)->unit_exponential;
  auto rng = streams(trial::Purpose::Kinetics);
  const double drawn = boost::random::exponential_distribution<double>(1.0)(rng);
  if (shared != nullptr) shared->emplace(TotalHazardDraw{drawn, std::nullopt});
  return drawn;
}

HazardSampler::HazardSampler(const scenarios::HazardModelSpec& spec) : spec_(spec) {
  const double c = spec.cure_fraction;
  if (c > 0.0 && c < 1.0) logit_cure_fraction_ = logit(c);
  if (spec.cure_log_odds_per_year_cmr == 0.0) {
    fixed_cure_probability_ = cure_probability(0.0);
    fixed_l_max_ = *fixed_cure_probability_ > 0.0 ? -std::log(*fixed_cure_probability_) : kInf;
  }
}

// Cure probability without IFN: logistic link on CMR duration (Farewell 1982).
double HazardSampler::cure_probability(double cmr_years) const {
  if (spec_.cure_fraction <= 0.0) return 0.0;
  if (spec_.cure_fraction >= 1.0) return 1.0;
  return logistic(logit_cure_fraction_ + spec_.cure_log_odds_per_year_cmr * cmr_years);
}

std::pair<double, double> HazardSampler::cure(double cmr_years,
                                              std::optional<TotalHazardDraw::Cure>* memo) const {
  if (fixed_cure_probability_) return {*fixed_cure_probability_, fixed_l_max_};
  const auto ours = [this](const TotalHazardDraw::Cure& c) {
    return c.fraction == spec_.cure_fraction &&
           c.log_odds_per_year == spec_.cure_log_odds_per_year_cmr &&
           c.reference_years == spec_.reference_cmr_years;
  };
  if (memo != nullptr && memo->has_value() && ours(**memo))
    return {(*memo)->probability, (*memo)->minus_log};
  const double p = cure_probability(cmr_years);
  const double minus_log = p > 0.0 ? -std::log(p) : kInf;
  if (memo != nullptr && !memo->has_value()) {
    memo->emplace(TotalHazardDraw::Cure{spec_.cure_fraction, spec_.cure_log_odds_per_year_cmr,
                                        spec_.reference_cmr_years, p, minus_log});
  }
  return {p, minus_log};
}

HazardPatient HazardSampler::operator()(const trial::Covariates& covariates, double ifn_start,
                                        double ifn_end, double unit_exponential,
                                        std::optional<TotalHazardDraw::Cure>* memo) const {
  const scenarios::HazardModelSpec& spec = spec_;
  const double cmr_years =
      covariates.cmr_duration / scenarios::kDaysPerYear - spec.reference_cmr_years;
  // (Named copies, not a structured binding: clang does not let the lambdas below
  // capture one.)
  const std::pair<double, double> cure_and_minus_log = cure(cmr_years, memo);
  const double p = cure_and_minus_log.first;
  const double l_max = cure_and_minus_log.second;
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
  const double e = spec.relapse_log_hr_per_year_cmr == 0.0
                       ? unit_exponential
                       : unit_exponential / std::exp(spec.relapse_log_hr_per_year_cmr * cmr_years);
  // Cumulative hazard on the L scale at the IFN start and end; the draw e is the
  // patient's total hazard, which IFN accrues at HR times the rate in between. Computed
  // only where they change the day: a null twin (HR 1) draws as often as its cohort.
  const double hr = spec.ifn_hazard_ratio;
  // Cured without the IFN arithmetic: given until relapse at a hazard ratio of at most 1,
  // IFN can only move l above e (l = l_max + (e - l_start)(1 - hr) beyond l_max), and
  // rounding is monotone, so e >= l_max gives l >= l_max below as well (issue 18: the
  // cured half of the patients, in a cohort and in its covariate twin, skip a log, an
  // exp and a pow; tests/unit/test_cohort_simulation.cpp compares both ways).
  if (e >= l_max && hr <= 1.0 && !std::isfinite(ifn_end)) return {true, kInf};
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

HazardPatient sample_hazard_patient(const scenarios::HazardModelSpec& spec,
                                    const trial::Covariates& covariates, double ifn_start,
                                    double ifn_end, double unit_exponential) {
  return HazardSampler(spec)(covariates, ifn_start, ifn_end, unit_exponential);
}

HazardPatient sample_hazard_patient(const scenarios::HazardModelSpec& spec,
                                    const trial::Covariates& covariates, double ifn_start,
                                    double ifn_end, engine::RandomEngine& rng) {
  return sample_hazard_patient(spec, covariates, ifn_start, ifn_end,
                               boost::random::exponential_distribution<double>(1.0)(rng));
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
