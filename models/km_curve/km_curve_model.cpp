#include "models/km_curve/km_curve_model.h"

#include <cmath>
#include <limits>

namespace jisas::models {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace

KmCurveModel::KmCurveModel(const Spec& spec, const scenarios::DesignPoint& point)
    : spec_(spec), threshold_(point.protocol.threshold) {
  regrowth_.doubling_time = spec.doubling_time;
  regrowth_.im_half_life = spec.im_half_life;
  regrowth_.residual_ratio = spec.residual_ratio;
}

double KmCurveModel::cumulative_hazard(double day) const {
  double t0 = 0.0, h0 = 0.0;  // S(0) = 1
  for (std::size_t i = 0; i < spec_.days.size(); ++i) {
    const double t1 = spec_.days[i], h1 = -std::log(spec_.survival[i]);
    if (day <= t1) return h0 + (h1 - h0) * (day - t0) / (t1 - t0);
    t0 = t1;
    h0 = h1;
  }
  return h0;  // the plateau
}

double KmCurveModel::inverse_cumulative_hazard(double h) const {
  double t0 = 0.0, h0 = 0.0;
  for (std::size_t i = 0; i < spec_.days.size(); ++i) {
    const double t1 = spec_.days[i], h1 = -std::log(spec_.survival[i]);
    if (h <= h1 && h1 > h0) return t0 + (t1 - t0) * (h - h0) / (h1 - h0);
    t0 = t1;
    h0 = h1;
  }
  return kInf;
}

// One Exp(1) draw E is the patient's total hazard; IFN accrues hazard at HR times the
// curve's rate from its start to its end, so the latent day solves
// L(min(T, s)) + HR (L(min(T, e)) - L(s))+ + (L(T) - L(e))+ = E (models/README.md, hazard
// model): the same draw without IFN gives the same day, so a null twin shares it.
KmCurveModel::Patient KmCurveModel::draw(const trial::Covariates&, const IfnCourse& ifn,
                                         const trial::PatientStreams& streams,
                                         std::optional<PreStop>* shared) const {
  const double e = total_hazard_draw(streams, shared);
  const double l_max = -std::log(spec_.survival.back());
  const double l_start = std::isfinite(ifn.start) ? cumulative_hazard(ifn.start) : l_max;
  const double l_end = std::isfinite(ifn.end) ? cumulative_hazard(ifn.end) : l_max;
  const double hr = spec_.ifn_hazard_ratio;
  double l = e;
  if (e > l_start && hr != 1.0) {
    const double accrued_on_ifn = hr * (l_end - l_start);
    l = e - l_start <= accrued_on_ifn ? l_start + (e - l_start) / hr
                                      : l_end + (e - l_start - accrued_on_ifn);
  }
  if (l >= l_max) return {{true, kInf}};
  return {{false, inverse_cumulative_hazard(l)}};
}

PatientTruth KmCurveModel::truth(const Patient& patient) const {
  return {patient.truth.cured, patient.truth.latent_relapse, std::nullopt};
}

HazardKinetics KmCurveModel::kinetics(const Patient& patient, const IfnCourse&) const {
  return HazardKinetics(regrowth_, threshold_, patient.truth);
}

std::optional<scenarios::KmCurveSpec> without_effect(const scenarios::KmCurveSpec& spec,
                                                     scenarios::TestedEffect effect) {
  if (effect != scenarios::TestedEffect::Ifn) return std::nullopt;
  scenarios::KmCurveSpec twin = spec;
  twin.ifn_hazard_ratio = 1.0;
  return twin;
}

}  // namespace jisas::models
