#include "models/lsc_immune/lsc_population.h"

#include "models/lsc_immune/random_effects.h"

#include <algorithm>
#include <cmath>

#include <boost/random/normal_distribution.hpp>

namespace jisas::models {
namespace {

double class_weight(const scenarios::LscImmuneSpec& spec, char immune_class) {
  switch (immune_class) {
    case 'A': return spec.class_weight_a;
    case 'B': return spec.class_weight_b;
    default: return spec.class_weight_c;
  }
}

// Row weights: each class's weight shared equally by its rows, so the default weights
// 6:8:7 (the class sizes) give every row the same chance.
std::array<double, kHahnelTableS1.size()> row_weights(const scenarios::LscImmuneSpec& spec) {
  std::array<int, 3> class_size{};
  for (const auto& fit : kHahnelTableS1) ++class_size[fit.immune_class - 'A'];
  std::array<double, kHahnelTableS1.size()> weights{};
  for (std::size_t i = 0; i < kHahnelTableS1.size(); ++i) {
    const char c = kHahnelTableS1[i].immune_class;
    weights[i] = class_weight(spec, c) / class_size[c - 'A'];
  }
  return weights;
}

}  // namespace

LscPatientParams fitted_params(const HahnelFit& fit) {
  return {fit.p_xy, fit.p_yx, fit.e_tki, fit.p_z, fit.k_z};
}

LscPopulation::LscPopulation(const scenarios::LscImmuneSpec& spec) : spec_(&spec) {
  if (spec.draw == scenarios::LscImmuneSpec::PatientDraw::RandomEffects) {
    random_effects_ = hahnel_random_effects(spec.a);
  } else {
    const auto weights = row_weights(spec);
    rows_ = boost::random::discrete_distribution<int>(weights.begin(), weights.end());
  }
}

LscPatient LscPopulation::sample(engine::RandomEngine& rng) const {
  const scenarios::LscImmuneSpec& spec = *spec_;
  LscPatient patient;
  if (random_effects_) {
    patient = sample_random_effects_patient(spec, *random_effects_, rng);
  } else {
    const int row = rows_(rng);
    const HahnelFit& fit = kHahnelTableS1[static_cast<std::size_t>(row)];
    patient = {fitted_params(fit), fit.y0, row, fit.immune_class};
  }
  if (spec.jitter_sd_log10 > 0.0) {
    boost::random::normal_distribution<double> jitter(0.0, spec.jitter_sd_log10);
    for (double* rate : {&patient.params.p_xy, &patient.params.p_yx, &patient.params.e_tki,
                         &patient.params.p_z, &patient.params.k_z}) {
      *rate *= std::pow(10.0, jitter(rng));
    }
  }
  if (spec.window_lower_edge_scale != 1.0) scale_window_lower_edge(spec, patient.params);
  return patient;
}

void scale_window_lower_edge(const scenarios::LscImmuneSpec& spec, LscPatientParams& params) {
  if (params.p_z <= 2.0 * spec.a * params.k_z) return;  // no window (class A)
  const auto [low, high] = window_edges(params.p_z, params.k_z, spec.a);
  const double scaled = low * spec.window_lower_edge_scale;
  params.k_z = std::sqrt(scaled * high);  // K_Z^2 = Y_min Y_max, p_Z = a (Y_min + Y_max)
  params.p_z = spec.a * (scaled + high);
}

LscState diagnosis_state(const scenarios::LscImmuneSpec& spec, const LscPatientParams& params,
                         double y_diagnosis) {
  const double y = y_diagnosis;
  const double net_decay = spec.a - params.p_z * y / (params.k_z * params.k_z + y * y);
  const double z = net_decay > 0.0 ? spec.r_z / net_decay : spec.r_z / spec.a;
  return {std::min(params.p_yx / params.p_xy * y, spec.x_cap), y, z, false};
}

}  // namespace jisas::models
