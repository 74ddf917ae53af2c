// Fleming-Harrington weighted log-rank statistics and the restricted mean survival time
// against R (tests/r/weighted_logrank_reference.R prints every reference value below).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "analysis/rmst.h"
#include "analysis/weighted_logrank.h"

using namespace jisas;
using analysis::FlemingHarrington;

namespace {

// No tied event times, so survMisc's variance and the hypergeometric one agree.
const std::vector<double> kTime{1,   2,    3.5, 4,   5,    6,    7.5, 8,    9,    10,
                                11,  12.5, 14,  15,  16,   1.2,  2.5, 3,    4.5,  5.5,
                                6.5, 7,    8.5, 9.5, 10.5, 11.5, 13,  14.5, 15.5, 17};
const std::vector<int> kEvent{1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0,
                              1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0};
const std::vector<int> kArm{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

// With ties (the data of the km_difference test in test_cohort_tests.cpp plus two).
const std::vector<double> kTiedTime{1,   2, 2, 3, 5,  6,  6,  8,  9,   12,  14, 15,
                                    1.5, 4, 4, 7, 10, 11, 13, 16, 3.5, 9.5, 6,  2};
const std::vector<int> kTiedEvent{1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0,
                                  1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1};
const std::vector<int> kTiedArm{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};

}  // namespace

TEST_CASE("Fleming-Harrington G(rho, gamma) equal survMisc::comp", "[weighted_logrank]") {
  // survMisc 0.5.6: fit <- ten(Surv(time, event) ~ arm); comp(fit, p = c(0, 0, 1, 1, 0.5),
  // q = c(0, 1, 0, 1, 2)); attr(fit, "lrt")[, c("Q", "Var", "Z")], Q = O1 - E1.
  const std::vector<FlemingHarrington> w{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.5, 2}};
  const double q[] = {-1.63094101300997862, -0.39143052349948892, -1.23951048951048981,
                      -0.24827525942017126, -0.10732786574888963};
  const double var[] = {3.242154510658285638, 0.234785241767179659, 2.038882728103844411,
                        0.093349872396581962, 0.020771878159793023};
  const double z[] = {-0.90577723216850270, -0.80782872423990659, -0.86806867168359747,
                      -0.81259955476930157, -0.74468843634515691};
  const auto r = analysis::weighted_log_rank(kTime, kEvent, kArm, w);
  for (std::size_t k = 0; k < w.size(); ++k) {
    CAPTURE(k);
    CHECK(r.score[k] == Approx(-q[k]).margin(1e-12));  // ours is E1 - O1
    CHECK(r.covariance[k * w.size() + k] == Approx(var[k]).margin(1e-12));
    CHECK(r.z(k) == Approx(-z[k]).margin(1e-12));
  }
}

TEST_CASE("G(0, 0) and G(1, 0) with ties equal survdiff with rho 0 and 1", "[weighted_logrank]") {
  // survival 3.5-3: sd <- survdiff(Surv(time, event) ~ arm, rho = rho);
  // sd$exp[2] - sd$obs[2]; sd$var[2, 2]
  const std::vector<FlemingHarrington> w{{0, 0}, {1, 0}};
  const auto r = analysis::weighted_log_rank(kTiedTime, kTiedEvent, kTiedArm, w);
  CHECK(r.score[0] == Approx(0.55797832273468284).margin(1e-12));
  CHECK(r.covariance[0] == Approx(3.0948651735343855).margin(1e-12));
  CHECK(r.score[1] == Approx(0.68445419103313831).margin(1e-12));
  CHECK(r.covariance[3] == Approx(1.8393511712025934).margin(1e-12));
}

TEST_CASE("the covariance of the MaxCombo statistics: G(0,0) = G(1,0) + G(0,1)",
          "[weighted_logrank]") {
  // The R script's hand-computed cov2cor(t(w) %*% (w * v)); the four weights 1, 1 - S, S,
  // S (1 - S) are linearly dependent (1 = S + (1 - S)), so the matrix is singular.
  const std::vector<FlemingHarrington> w{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  const auto r = analysis::weighted_log_rank(kTime, kEvent, kArm, w);
  const auto corr = [&](std::size_t a, std::size_t b) {
    return r.covariance[a * 4 + b] / std::sqrt(r.covariance[a * 5] * r.covariance[b * 5]);
  };
  CHECK(corr(0, 1) == Approx(0.82412646523665178).margin(1e-12));
  CHECK(corr(0, 2) == Approx(0.98135459688581761).margin(1e-12));
  CHECK(corr(0, 3) == Approx(0.88021725050026711).margin(1e-12));
  CHECK(corr(1, 2) == Approx(0.69989368238881111).margin(1e-12));
  CHECK(corr(1, 3) == Approx(0.98353442621456866).margin(1e-12));
  CHECK(corr(2, 3) == Approx(0.77621256389509152).margin(1e-12));
  CHECK(r.score[0] == Approx(r.score[1] + r.score[2]).margin(1e-12));
}

TEST_CASE("restricted mean survival time equals survival's rmean", "[rmst]") {
  // survival 3.5-3: summary(survfit(Surv(time, event) ~ arm), rmean = tau)$table[, c("rmean",
  // "se(rmean)")]
  const auto arm = [](int a) {
    std::vector<double> t;
    std::vector<int> e;
    for (std::size_t i = 0; i < kTiedTime.size(); ++i) {
      if (kTiedArm[i] != a) continue;
      t.push_back(kTiedTime[i]);
      e.push_back(kTiedEvent[i]);
    }
    return std::pair{t, e};
  };
  const auto [t0, e0] = arm(0);
  const auto [t1, e1] = arm(1);
  const auto r0 = analysis::restricted_mean(t0, e0, 10.0);
  const auto r1 = analysis::restricted_mean(t1, e1, 10.0);
  CHECK(r0.mean == Approx(6.5750915750915757).margin(1e-12));
  CHECK(std::sqrt(r0.variance) == Approx(0.98599136267420084).margin(1e-12));
  CHECK(r1.mean == Approx(7.3636363636363633).margin(1e-12));
  CHECK(std::sqrt(r1.variance) == Approx(0.93400257767304584).margin(1e-12));
  // tau beyond arm 0's last time (15): the curve carried flat, as rmean does.
  const auto far0 = analysis::restricted_mean(t0, e0, 20.0);
  const auto far1 = analysis::restricted_mean(t1, e1, 20.0);
  CHECK(far0.mean == Approx(10.238095238095239).margin(1e-12));
  CHECK(std::sqrt(far0.variance) == Approx(2.3597183626224654).margin(1e-12));
  CHECK(far1.mean == Approx(10.740259740259740).margin(1e-12));
  CHECK(std::sqrt(far1.variance) == Approx(2.2960213854575140).margin(1e-12));
  // No events: the whole window, no variance.
  const std::vector<double> none_t{3, 4};
  const std::vector<int> none_e{0, 0};
  CHECK(analysis::restricted_mean(none_t, none_e, 10.0).mean == 10.0);
  CHECK(analysis::restricted_mean(none_t, none_e, 10.0).variance == 0.0);
}
