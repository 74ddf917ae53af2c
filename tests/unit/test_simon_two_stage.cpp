#include "analysis/simon_two_stage.h"

#include <cmath>

#include <catch2/catch.hpp>

#include "tests/unit/r_reference.h"

using jisas::analysis::simon_minimax;
using jisas::analysis::simon_optimal;
using jisas::analysis::two_stage_characteristics;
using jisas::analysis::two_stage_design_error;
using jisas::analysis::TwoStageDesign;
using jisas::test::matches_r;

namespace {

struct PublishedDesign {
  TwoStageDesign design;         // {n1, r1, n, r}
  double en0, pet0;              // as printed: EN(p0) to 0.1, PET(p0) to 0.01
  double en0_exact, pet0_exact;  // clinfun 1.1.5 ph2simon(p0, p1, alpha, beta, nmax = 150)$out
};

struct PublishedRow {
  double p0, p1, alpha, beta;
  PublishedDesign optimal, minimax;
};

void check_design(const TwoStageDesign& found, const PublishedDesign& want, double p0, double p1) {
  CHECK(found.n1 == want.design.n1);
  CHECK(found.r1 == want.design.r1);
  CHECK(found.n == want.design.n);
  CHECK(found.r == want.design.r);
  const auto c = two_stage_characteristics(found, p0, p1);
  CHECK(std::abs(c.expected_n_p0 - want.en0) <= 0.05 + 1e-9);
  CHECK(std::abs(c.early_stop_p0 - want.pet0) <= 0.005 + 1e-9);
  CHECK(matches_r(c.expected_n_p0, want.en0_exact));
  CHECK(matches_r(c.early_stop_p0, want.pet0_exact));
}

}  // namespace

TEST_CASE("optimal and minimax designs match Simon (1989) Table 1", "[simon]") {
  // Simon R (1989), Controlled Clinical Trials 10:1-10, Table 1 (p1 - p0 = 0.20): each row
  // is "reject drug if response rate <= r1/n1 / <= r/n", EN(p0), PET(p0) of the optimal and
  // the minimax design; the exact EN/PET are clinfun's ph2simon (print digits = 17).
  const PublishedRow rows[] = {
      // Table 1 row p0 .05, p1 .25, alpha .10, beta .10: 0/9 2/24 14.5 .63 | 0/13 2/20 16.4 .51
      {0.05,
       0.25,
       0.10,
       0.10,
       {{9, 0, 24, 2}, 14.5, 0.63, 14.546258854130858, 0.63024940972460941},
       {{13, 0, 20, 2}, 16.4, 0.51, 16.406605417043465, 0.51334208327950515}},
      // Table 1 row p0 .05, p1 .25, alpha .05, beta .20: 0/9 2/17 12.0 .63 | 0/12 2/16 13.8 .54
      {0.05,
       0.25,
       0.05,
       0.20,
       {{9, 0, 17, 2}, 12.0, 0.63, 11.958004722203125, 0.63024940972460941},
       {{12, 0, 16, 2}, 13.8, 0.54, 13.838559649349452, 0.54036008766263688}},
      // Table 1 row p0 .10, p1 .30, alpha .05, beta .20: 1/10 5/29 15.0 .74 | 1/15 5/25 19.5 .55
      {0.10,
       0.30,
       0.05,
       0.20,
       {{10, 1, 29, 5}, 15.0, 0.74, 15.014120347099997, 0.73609892910000019},
       {{15, 1, 25, 5}, 19.5, 0.55, 19.509569810809364, 0.54904301891906371}},
      // Table 1 row p0 .20, p1 .40, alpha .05, beta .20: 3/13 12/43 20.6 .75 | 4/18 10/33 22.3 .72
      {0.20,
       0.40,
       0.05,
       0.20,
       {{13, 3, 43, 12}, 20.6, 0.75, 20.580270714880008, 0.74732430950399975},
       {{18, 4, 33, 10}, 22.3, 0.72, 22.254692764070708, 0.71635381572861945}},
      // Table 1 row p0 .30, p1 .50, alpha .05, beta .20: 5/15 18/46 23.6 .72 | 6/19 16/39 25.7 .67
      {0.30,
       0.50,
       0.05,
       0.20,
       {{15, 5, 46, 18}, 23.6, 0.72, 23.629735353664721, 0.72162144020436392},
       {{19, 6, 39, 16}, 25.7, 0.67, 25.689969859460867, 0.66550150702695676}},
      // Table 1 row p0 .40, p1 .60, alpha .10, beta .10: 7/18 22/46 30.2 .56 | 11/28 20/41 33.8 .55
      {0.40,
       0.60,
       0.10,
       0.10,
       {{18, 7, 46, 22}, 30.2, 0.56, 30.223656269902257, 0.56344084750349088},
       {{28, 11, 41, 20}, 33.8, 0.55, 33.83669522157048, 0.55102344449457874}},
      // Table 1 row p0 .50, p1 .70, alpha .05, beta .20: 8/15 26/43 23.5 .70 | 12/23 23/37 27.7 .66
      {0.50,
       0.70,
       0.05,
       0.20,
       {{15, 8, 43, 26}, 23.5, 0.70, 23.501342773437504, 0.69638061523437489},
       {{23, 12, 37, 23}, 27.7, 0.66, 27.743476390838627, 0.66118025779724099}},
      // Table 1 row p0 .70, p1 .90, alpha .05, beta .20: 4/6 22/27 14.8 .58 | 19/23 21/26 23.2 .95
      {0.70,
       0.90,
       0.05,
       0.20,
       {{6, 4, 27, 22}, 14.8, 0.58, 14.823674999999994, 0.57982500000000026},
       {{23, 19, 26, 21}, 23.2, 0.95, 23.161531463892885, 0.94615617870237156}},
  };
  for (const PublishedRow& row : rows) {
    CAPTURE(row.p0, row.p1, row.alpha, row.beta);
    const auto optimal = simon_optimal(row.p0, row.p1, row.alpha, row.beta, 100);
    const auto minimax = simon_minimax(row.p0, row.p1, row.alpha, row.beta, 100);
    REQUIRE(optimal.has_value());
    REQUIRE(minimax.has_value());
    check_design(*optimal, row.optimal, row.p0, row.p1);
    check_design(*minimax, row.minimax, row.p0, row.p1);
    const auto c = two_stage_characteristics(*optimal, row.p0, row.p1);
    CHECK(c.alpha <= row.alpha);
    CHECK(c.power >= 1.0 - row.beta);
  }
}

TEST_CASE("designs around a 41% relapse-free rate match clinfun's ph2simon", "[simon]") {
  // No published row: ph2simon(0.41, 0.60, 0.05, 0.20, nmax = 150) prints
  // optimal 9/20 25/49 EN 27.968522368899173, minimax 10/25 22/42 EN 32.731321428787979;
  // ph2simon(0.41, 0.60, 0.05, 0.10, nmax = 150): optimal 12/27 35/71 EN 39.562892711360135,
  // minimax 13/33 30/59 EN 45.998185948833253.
  const PublishedDesign designs[] = {
      {{20, 9, 49, 25}, 28.0, 0.73, 27.968522368899173, 0.72522336658968367},
      {{25, 10, 42, 22}, 32.7, 0.55, 32.731321428787979, 0.54521638654188342},
      {{27, 12, 71, 35}, 39.6, 0.71, 39.562892711360135, 0.7144797111054515},
      {{33, 13, 59, 30}, 46.0, 0.50, 45.998185948833253, 0.50006977119872087},
  };
  check_design(simon_optimal(0.41, 0.60, 0.05, 0.20, 150).value(), designs[0], 0.41, 0.60);
  check_design(simon_minimax(0.41, 0.60, 0.05, 0.20, 150).value(), designs[1], 0.41, 0.60);
  check_design(simon_optimal(0.41, 0.60, 0.05, 0.10, 150).value(), designs[2], 0.41, 0.60);
  check_design(simon_minimax(0.41, 0.60, 0.05, 0.10, 150).value(), designs[3], 0.41, 0.60);
}

TEST_CASE("operating characteristics of a user-given design match dbinom/pbinom sums", "[simon]") {
  // n1 <- 15; r1 <- 6; n <- 40; r <- 20
  // rej <- function(p) sum(dbinom((r1+1):n1, n1, p) *
  //                        pbinom(r - ((r1+1):n1), n - n1, p, lower.tail = FALSE))
  // pet <- function(p) pbinom(r1, n1, p)
  // c(rej(0.41), rej(0.60), pet(0.41), n1 + (1 - pet(0.41)) * (n - n1),
  //   pet(0.60), n1 + (1 - pet(0.60)) * (n - n1))   # print digits = 17
  const auto c = two_stage_characteristics(TwoStageDesign{15, 6, 40, 20}, 0.41, 0.60);
  CHECK(matches_r(c.alpha, 0.081856084653331343));
  CHECK(matches_r(c.power, 0.821677443315363409));
  CHECK(matches_r(c.early_stop_p0, 0.578594889996615569));
  CHECK(matches_r(c.expected_n_p0, 25.535127750084612330));
  CHECK(matches_r(c.early_stop_p1, 0.095047408156672120));
  CHECK(matches_r(c.expected_n_p1, 37.623814796083195233));
}

TEST_CASE("no design within max_n, invalid designs and arguments", "[simon]") {
  // The minimax design for (0.05, 0.25, 0.10, 0.10) has n = 20, the optimal one n = 24.
  CHECK_FALSE(simon_minimax(0.05, 0.25, 0.10, 0.10, 19).has_value());
  CHECK(simon_minimax(0.05, 0.25, 0.10, 0.10, 20).has_value());
  CHECK_FALSE(simon_optimal(0.05, 0.25, 0.10, 0.10, 19).has_value());
  CHECK_FALSE(simon_optimal(0.05, 0.25, 0.10, 0.10, 1).has_value());
  // With max_n = 23 the best reachable design is the one of smallest EN(p0) with n <= 23.
  const auto capped = simon_optimal(0.05, 0.25, 0.10, 0.10, 23);
  REQUIRE(capped.has_value());
  CHECK(capped->n <= 23);

  CHECK(two_stage_design_error(TwoStageDesign{9, 0, 24, 2}).empty());
  CHECK_FALSE(two_stage_design_error(TwoStageDesign{0, 0, 24, 2}).empty());   // n1 < 1
  CHECK_FALSE(two_stage_design_error(TwoStageDesign{24, 0, 24, 2}).empty());  // n1 >= n
  CHECK_FALSE(two_stage_design_error(TwoStageDesign{9, -1, 24, 2}).empty());  // r1 < 0
  CHECK_FALSE(two_stage_design_error(TwoStageDesign{9, 9, 24, 12}).empty());  // r1 >= n1
  CHECK_FALSE(two_stage_design_error(TwoStageDesign{9, 3, 24, 2}).empty());   // r < r1
  CHECK_FALSE(two_stage_design_error(TwoStageDesign{9, 0, 24, 24}).empty());  // r >= n
  CHECK(two_stage_design_error(TwoStageDesign{24, 0, 24, 2}).find("n1 must be smaller than n") !=
        std::string::npos);
  CHECK_THROWS_AS(two_stage_characteristics(TwoStageDesign{9, 3, 24, 2}, 0.05, 0.25),
                  std::invalid_argument);
  CHECK_THROWS_AS(two_stage_characteristics(TwoStageDesign{9, 0, 24, 2}, 0.0, 0.25),
                  std::invalid_argument);
  CHECK_THROWS_AS(simon_optimal(0.25, 0.05, 0.10, 0.10, 50), std::invalid_argument);
  CHECK_THROWS_AS(simon_minimax(0.05, 0.25, 0.0, 0.10, 50), std::invalid_argument);
}
