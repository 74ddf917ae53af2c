#include "models/lsc_immune/random_effects.h"

#include <cmath>
#include <span>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "models/lsc_immune/hahnel_table.h"

namespace jisas::models {
namespace {

// Sample mean and covariance (divisor n - 1) of the rows, and the Cholesky factor.
template <std::size_t N>
LogNormalEffects<N> estimate(std::span<const std::array<double, N>> rows) {
  LogNormalEffects<N> e;
  const double n = static_cast<double>(rows.size());
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < N; ++i) e.mean[i] += row[i] / n;
  }
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < N; ++j) {
        e.covariance[i][j] += (row[i] - e.mean[i]) * (row[j] - e.mean[j]) / (n - 1.0);
      }
    }
  }
  for (std::size_t j = 0; j < N; ++j) {  // Cholesky-Banachiewicz
    for (std::size_t i = j; i < N; ++i) {
      double sum = e.covariance[i][j];
      for (std::size_t k = 0; k < j; ++k) sum -= e.cholesky[i][k] * e.cholesky[j][k];
      e.cholesky[i][j] = i == j ? std::sqrt(sum) : sum / e.cholesky[j][j];
    }
  }
  return e;
}

template <std::size_t N>
std::array<double, N> draw(const LogNormalEffects<N>& e, engine::RandomEngine& rng) {
  boost::random::normal_distribution<double> normal;
  std::array<double, N> z{}, value{};
  for (double& v : z) v = normal(rng);
  for (std::size_t i = 0; i < N; ++i) {
    value[i] = e.mean[i];
    for (std::size_t k = 0; k <= i; ++k) value[i] += e.cholesky[i][k] * z[k];
    value[i] = std::pow(10.0, value[i]);
  }
  return value;
}

char draw_class(const scenarios::LscImmuneSpec& spec, engine::RandomEngine& rng) {
  const double total = spec.class_weight_a + spec.class_weight_b + spec.class_weight_c;
  const double u = boost::random::uniform_real_distribution<double>(0.0, total)(rng);
  if (u < spec.class_weight_a) return 'A';
  return u < spec.class_weight_a + spec.class_weight_b ? 'B' : 'C';
}

}  // namespace

std::array<double, 2> window_edges(double p_z, double k_z, double a) {
  const double root = std::sqrt(p_z * p_z - 4.0 * a * a * k_z * k_z);
  return {(p_z - root) / (2.0 * a), (p_z + root) / (2.0 * a)};
}

HahnelRandomEffects hahnel_random_effects(double a) {
  HahnelRandomEffects effects;
  std::vector<std::array<double, 4>> kinetics;
  std::array<std::vector<std::array<double, 2>>, 2> windows;
  for (const HahnelFit& fit : kHahnelTableS1) {
    kinetics.push_back(
        {std::log10(fit.p_xy), std::log10(fit.p_yx), std::log10(fit.e_tki), std::log10(fit.y0)});
    if (fit.immune_class == 'A') {
      effects.class_a_immune.push_back({fit.p_z, fit.k_z});
      continue;
    }
    const auto [low, high] = window_edges(fit.p_z, fit.k_z, a);
    windows[fit.immune_class == 'B' ? 0 : 1].push_back({std::log10(low), std::log10(high)});
  }
  effects.kinetics = estimate<4>(kinetics);
  for (std::size_t c = 0; c < 2; ++c) effects.window[c] = estimate<2>(windows[c]);
  return effects;
}

LscPatient sample_random_effects_patient(const scenarios::LscImmuneSpec& spec,
                                         const HahnelRandomEffects& effects,
                                         engine::RandomEngine& rng) {
  LscPatient patient;
  patient.immune_class = draw_class(spec, rng);
  patient.table_row = -1;  // not a row of the table
  const auto [p_xy, p_yx, e_tki, y0] = draw(effects.kinetics, rng);
  patient.params.p_xy = p_xy;
  patient.params.p_yx = p_yx;
  patient.params.e_tki = e_tki;
  patient.y_diagnosis = y0;
  if (patient.immune_class == 'A') {
    const auto& rows = effects.class_a_immune;
    const auto pick = boost::random::uniform_int_distribution<std::size_t>(0, rows.size() - 1)(rng);
    patient.params.p_z = rows[pick][0];
    patient.params.k_z = rows[pick][1];
  } else {
    const auto [low, high] = draw(effects.window[patient.immune_class == 'B' ? 0 : 1], rng);
    patient.params.k_z = std::sqrt(low * high);
    patient.params.p_z = spec.a * (low + high);
  }
  return patient;
}

}  // namespace jisas::models
