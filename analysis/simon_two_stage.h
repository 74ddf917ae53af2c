// Simon's (1989, Controlled Clinical Trials 10:1-10) two-stage phase II designs for a
// binary endpoint (here: relapse-free at a landmark), H0: p <= p0 against H1: p >= p1.
// Stage 1 treats n1 patients and stops for futility if at most r1 respond; otherwise
// n - n1 more are treated and H0 is rejected if more than r of all n respond.
#pragma once

#include <optional>
#include <string>

namespace jisas::analysis {

struct TwoStageDesign {
  int n1 = 0;  // stage-1 patients
  int r1 = 0;  // stop after stage 1 if responses <= r1
  int n = 0;   // total patients
  int r = 0;   // reject H0 at the end if responses > r
};

struct TwoStageCharacteristics {
  double alpha = 0.0;          // P(reject H0 | p0)
  double power = 0.0;          // P(reject H0 | p1)
  double early_stop_p0 = 0.0;  // PET(p0) = P(X1 <= r1 | p0)
  double expected_n_p0 = 0.0;  // EN(p0) = n1 + (1 - PET(p0)) (n - n1)
  double early_stop_p1 = 0.0;
  double expected_n_p1 = 0.0;
};

// Why a user-given design is not a two-stage design (empty when it is one): needs
// 1 <= n1 < n, 0 <= r1 < n1 (r1 >= n1 always stops), r1 <= r < n (r < r1 makes the
// final rule void, r >= n never rejects).
std::string two_stage_design_error(const TwoStageDesign& design);

// Exact operating characteristics (Simon 1989, eq. 1 and the EN/PET definitions).
// Throws std::invalid_argument for an invalid design or a rate outside (0, 1).
TwoStageCharacteristics two_stage_characteristics(const TwoStageDesign& design, double p0,
                                                  double p1);

// Exact search over n <= max_n, 1 <= n1 < n, 0 <= r1 < n1, r1 <= r < n for designs with
// P(reject | p0) <= alpha and P(reject | p1) >= 1 - beta (Simon 1989, section 2).
// For each (n, n1, r1) the reported r is the largest one meeting the power constraint,
// as Simon (p. 4) and clinfun's ph2simon choose it: alpha falls with r, so the (n1, r1)
// is feasible exactly when that r meets alpha, and every feasible r has the same EN.
// Both constraints allow equality (ph2simon's are strict; they differ only when an
// error rate equals alpha or beta to the last bit).
// Ties in EN(p0) go to the smaller n, then the smaller n1, then the larger r1 (the
// first found in ph2simon's loop order). nullopt when no design exists within max_n.
// Throws std::invalid_argument unless 0 < p0 < p1 < 1, alpha and beta in (0, 1).
//   simon_optimal: minimises EN(p0).
//   simon_minimax: minimises n, then EN(p0) among designs with that n.
std::optional<TwoStageDesign> simon_optimal(double p0, double p1, double alpha, double beta,
                                            int max_n);
std::optional<TwoStageDesign> simon_minimax(double p0, double p1, double alpha, double beta,
                                            int max_n);

}  // namespace jisas::analysis
