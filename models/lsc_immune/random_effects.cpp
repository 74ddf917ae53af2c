#include "models/lsc_immune/random_effects.h"

#include <cmath>
#include <span>
#include <vector>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include "models/lsc_immune/hahnel_table.h"
#include "models/lsc_immune/lsc_population.h"

namespace jisas::models {
namespace {

// Lower Cholesky factor of the covariance (Cholesky-Banachiewicz).
template <std::size_t N>
void factorize(LogNormalEffects<N>& e) {
  for (std::size_t j = 0; j < N; ++j) {
    for (std::size_t i = j; i < N; ++i) {
      double sum = e.covariance[i][j];
      for (std::size_t k = 0; k < j; ++k) sum -= e.cholesky[i][k] * e.cholesky[j][k];
      e.cholesky[i][j] = i == j ? std::sqrt(sum) : sum / e.cholesky[j][j];
    }
  }
}

template <std::size_t N>
std::array<double, N> mean_of(std::span<const std::array<double, N>> rows) {
  std::array<double, N> mean{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < N; ++i) mean[i] += row[i] / static_cast<double>(rows.size());
  }
  return mean;
}

// Adds the cross products of the rows' deviations from `mean`, divided by `divisor`.
template <std::size_t N>
void add_cross_products(std::span<const std::array<double, N>> rows,
                        const std::array<double, N>& mean, double divisor,
                        std::array<std::array<double, N>, N>& covariance) {
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < N; ++i) {
      for (std::size_t j = 0; j < N; ++j) {
        covariance[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / divisor;
      }
    }
  }
}

// Sample mean and covariance (divisor n - 1) of the rows, and the Cholesky factor.
template <std::size_t N>
LogNormalEffects<N> estimate(std::span<const std::array<double, N>> rows) {
  LogNormalEffects<N> e;
  e.mean = mean_of(rows);
  add_cross_products(rows, e.mean, static_cast<double>(rows.size()) - 1.0, e.covariance);
  factorize(e);
  return e;
}

// One mean per group and the pooled within-group covariance (divisor n - groups): a
// categorical covariate in the two-stage method, as in a one-way MANOVA.
template <std::size_t N, std::size_t G>
std::array<LogNormalEffects<N>, G> estimate_by_group(
    const std::array<std::vector<std::array<double, N>>, G>& groups) {
  std::array<LogNormalEffects<N>, G> e;
  double n = 0.0;
  for (const auto& rows : groups) n += static_cast<double>(rows.size());
  std::array<std::array<double, N>, N> within{};
  for (std::size_t g = 0; g < G; ++g) {
    e[g].mean = mean_of<N>(groups[g]);
    add_cross_products<N>(groups[g], e[g].mean, n - static_cast<double>(G), within);
  }
  for (auto& group : e) {
    group.covariance = within;
    factorize(group);
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
  std::array<std::vector<std::array<double, 4>>, 3> kinetics;  // by class
  std::array<std::vector<std::array<double, 2>>, 2> windows;
  for (const HahnelFit& fit : kHahnelTableS1) {
    kinetics[static_cast<std::size_t>(fit.immune_class - 'A')].push_back(
        {std::log10(fit.p_xy), std::log10(fit.p_yx), std::log10(fit.e_tki), std::log10(fit.y0)});
    if (fit.immune_class == 'A') {
      effects.class_a_immune.push_back({fit.p_z, fit.k_z});
      continue;
    }
    const auto [low, high] = window_edges(fit.p_z, fit.k_z, a);
    windows[fit.immune_class == 'B' ? 0 : 1].push_back({std::log10(low), std::log10(high)});
  }
  effects.kinetics = estimate_by_group<4, 3>(kinetics);
  for (std::size_t c = 0; c < 2; ++c) effects.window[c] = estimate<2>(windows[c]);
  return effects;
}

LscPatient sample_random_effects_patient(const scenarios::LscImmuneSpec& spec,
                                         const HahnelRandomEffects& effects,
                                         engine::RandomEngine& rng) {
  LscPatient patient;
  patient.immune_class = draw_class(spec, rng);
  patient.table_row = -1;  // not a row of the table
  const auto [p_xy, p_yx, e_tki, y0] =
      draw(effects.kinetics[static_cast<std::size_t>(patient.immune_class - 'A')], rng);
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
