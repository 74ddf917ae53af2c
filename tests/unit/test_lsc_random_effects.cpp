// The lsc_immune random-effects population (models/lsc_immune/random_effects.h): the
// estimates from Hahnel's Table S1 against the independent summary of the 21 fits in
// ../shared/model-notes.md section 2.2, and the draws against the estimates.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/random_stream.h"
#include "models/lsc_immune/lsc_population.h"
#include "models/lsc_immune/random_effects.h"

using namespace jisas;

TEST_CASE("random effects: Table S1's log10 means and SDs as model-notes summarises them",
          "[lsc_immune][random_effects]") {
  const auto effects = models::hahnel_random_effects(2.0);
  const std::array<double, 3> class_size{6.0, 8.0, 7.0};  // Table S1: classes A, B, C
  // model-notes.md 2.2, over all 21 patients: log10 mean +- SD of p_XY -2.60 +- 1.77, p_YX
  // -2.33 +- 1.38, e_TKI 0.51 +- 0.28, Y0 5.47 +- 0.72 (two decimals). The estimates are
  // per class with a pooled within-class covariance, so the overall mean is the
  // size-weighted class mean, and the overall sum of squares the within-class one plus the
  // between-class one (one-way MANOVA decomposition).
  const std::array<double, 4> mean{-2.60, -2.33, 0.51, 5.47}, sd{1.77, 1.38, 0.28, 0.72};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    double overall = 0.0;
    for (std::size_t c = 0; c < 3; ++c)
      overall += class_size[c] * effects.kinetics[c].mean[i] / 21.0;
    double squares = (21.0 - 3.0) * effects.kinetics[0].covariance[i][i];
    for (std::size_t c = 0; c < 3; ++c) {
      squares += class_size[c] * std::pow(effects.kinetics[c].mean[i] - overall, 2);
    }
    CHECK(overall == Approx(mean[i]).margin(0.006));
    CHECK(std::sqrt(squares / 20.0) == Approx(sd[i]).margin(0.006));
    for (std::size_t c = 0; c < 3; ++c) {
      const auto& k = effects.kinetics[c];
      CHECK(k.covariance == effects.kinetics[0].covariance);  // pooled: one for every class
      // The Cholesky factor reproduces the covariance.
      for (std::size_t j = 0; j < 4; ++j) {
        double product = 0.0;
        for (std::size_t m = 0; m < 4; ++m) product += k.cholesky[i][m] * k.cholesky[j][m];
        CHECK(product == Approx(k.covariance[i][j]).margin(1e-12));
      }
    }
  }
  // Class B returns cycling cells to quiescence about 100 times faster (log10 p_YX -1.09
  // against -2.94 and -3.22 in classes A and C).
  CHECK(effects.kinetics[1].mean[1] == Approx(-1.089).margin(0.001));
  CHECK(effects.kinetics[0].mean[1] == Approx(-2.936).margin(0.001));
  CHECK(effects.kinetics[2].mean[1] == Approx(-3.215).margin(0.001));
  CHECK(effects.class_a_immune.size() == 6);
  // Window edges and (p_Z, K_Z) are one parametrisation (model-notes 2.4).
  const auto [low, high] = models::window_edges(2210.0, 362.0, 2.0);  // Table S1 patient 1
  CHECK(std::sqrt(low * high) == Approx(362.0));
  CHECK(2.0 * (low + high) == Approx(2210.0));
}

TEST_CASE("random effects: the drawn patients follow the estimated log-normal effects",
          "[lsc_immune][random_effects]") {
  scenarios::LscImmuneSpec spec;
  spec.draw = scenarios::LscImmuneSpec::PatientDraw::RandomEffects;
  spec.class_weight_a = 3.0, spec.class_weight_b = 8.0, spec.class_weight_c = 7.0;
  const auto effects = models::hahnel_random_effects(spec.a);
  const auto& class_b = effects.kinetics[1];  // the kinetics are checked in class B's draws
  auto rng = engine::make_stream({20261202, 0, 0, 0, 7});
  const models::LscPopulation population(spec);
  constexpr int kDraws = 20000;
  std::array<double, 4> sum{}, square{};
  double cross = 0.0;  // log10 p_XY x log10 p_YX
  std::array<int, 3> classes{};
  for (int n = 0; n < kDraws; ++n) {
    const models::LscPatient p = population.sample(rng);
    ++classes[static_cast<std::size_t>(p.immune_class - 'A')];
    const bool window = p.params.p_z > 2.0 * spec.a * p.params.k_z;
    if (p.immune_class != 'A') REQUIRE(window);  // classes B and C always have a window
    if (p.immune_class != 'B') continue;
    const std::array<double, 4> v{std::log10(p.params.p_xy), std::log10(p.params.p_yx),
                                  std::log10(p.params.e_tki), std::log10(p.y_diagnosis)};
    for (std::size_t i = 0; i < 4; ++i) sum[i] += v[i], square[i] += v[i] * v[i];
    cross += v[0] * v[1];
  }
  const double n_b = classes[1];
  for (std::size_t i = 0; i < 4; ++i) {
    const double mean = sum[i] / n_b, var = square[i] / n_b - mean * mean;
    const double se = std::sqrt(class_b.covariance[i][i] / n_b);
    CAPTURE(i, mean, var);
    CHECK(std::abs(mean - class_b.mean[i]) < 4.0 * se);
    // Var of a sample variance of normals: 2 sigma^4 / n.
    CHECK(std::abs(var - class_b.covariance[i][i]) <
          4.0 * class_b.covariance[i][i] * std::sqrt(2.0 / n_b));
  }
  const double covariance = cross / n_b - sum[0] * sum[1] / n_b / n_b;
  const double s00 = class_b.covariance[0][0], s11 = class_b.covariance[1][1],
               s01 = class_b.covariance[0][1];
  CHECK(std::abs(covariance - s01) < 4.0 * std::sqrt((s00 * s11 + s01 * s01) / n_b));
  // Classes by weight 3:8:7: binomial 4 SE.
  for (std::size_t c = 0; c < 3; ++c) {
    const double p = std::array{3.0, 8.0, 7.0}[c] / 18.0;
    CHECK(std::abs(classes[c] - p * kDraws) < 4.0 * std::sqrt(kDraws * p * (1 - p)));
  }
}

TEST_CASE("window_lower_edge_scale lowers the held load and keeps the upper edge",
          "[lsc_immune][random_effects]") {
  scenarios::LscImmuneSpec spec;
  spec.window_lower_edge_scale = 0.01;
  models::LscPatientParams patient12{0.00276, 0.0379, 4.30, 19800.0, 462.0};  // Table S1, class B
  const auto [low, high] = models::window_edges(patient12.p_z, patient12.k_z, spec.a);
  models::scale_window_lower_edge(spec, patient12);
  const auto [scaled_low, scaled_high] = models::window_edges(patient12.p_z, patient12.k_z, spec.a);
  CHECK(scaled_low == Approx(0.01 * low));
  CHECK(scaled_high == Approx(high));
  models::LscPatientParams class_a{0.051, 0.000457, 3.32, 6.57e-07, 6.84};  // patient 18: no window
  const auto before = class_a;
  models::scale_window_lower_edge(spec, class_a);
  CHECK(class_a.p_z == before.p_z);
  CHECK(class_a.k_z == before.k_z);
}
