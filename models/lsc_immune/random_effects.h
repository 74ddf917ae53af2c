// Between-patient variability of the `lsc_immune` model as log-normal random effects
// (`kinetics.patients.draw: random_effects`, models/lsc_immune/lsc_immune.md "Patients"),
// estimated from Hahnel et al. 2020's 21 per-patient fits (Table S1) by the standard
// two-stage method (Sheiner & Beal 1980, J Pharmacokinet Biopharm 8:553; Davidian &
// Giltinan 1995, "Nonlinear Models for Repeated Measurement Data", section 5.2): the mean
// and covariance of the individual log10 estimates.
//   - Kinetics: log10 of p_XY, p_YX, e_TKI and Y0, jointly normal (their correlations
//     kept) with the immune class as a covariate: one mean per class, the within-class
//     covariance pooled over the 21 patients (18 degrees of freedom). The classes differ:
//     class B's mean p_YX is about 100 times that of classes A and C.
//   - Immunity, per class: for classes B and C the immune window's edges Y_min and Y_max
//     (model-notes section 2.4: K_Z^2 = Y_min Y_max, p_Z = a (Y_min + Y_max)), log10 jointly
//     normal within the class; class A (no window) takes the p_Z and K_Z of one of its rows.
#pragma once

#include <array>
#include <vector>

#include "engine/random_stream.h"
#include "scenarios/spec/lsc_immune_model.h"

namespace jisas::models {

template <std::size_t N>
struct LogNormalEffects {
  std::array<double, N> mean{};                       // of the log10 values
  std::array<std::array<double, N>, N> covariance{};  // of the log10 values
  std::array<std::array<double, N>, N> cholesky{};    // lower, covariance = L L^T
};

struct HahnelRandomEffects {
  std::array<LogNormalEffects<4>, 3> kinetics;        // by class: log10 p_XY, p_YX, e_TKI, Y0
  std::array<LogNormalEffects<2>, 2> window;          // classes B, C: log10 Y_min, Y_max
  std::vector<std::array<double, 2>> class_a_immune;  // (p_Z, K_Z) of the class-A rows
};

// The estimates from Table S1, for the fixed immune decay `a` (per month).
HahnelRandomEffects hahnel_random_effects(double a);

// The immune window's edges of (p_Z, K_Z): the roots of a Y^2 - p_Z Y + a K_Z^2 = 0.
std::array<double, 2> window_edges(double p_z, double k_z, double a);

struct LscPatient;

// A patient: class by `spec`'s class weights, then the random effects.
LscPatient sample_random_effects_patient(const scenarios::LscImmuneSpec& spec,
                                         const HahnelRandomEffects& effects,
                                         engine::RandomEngine& rng);

}  // namespace jisas::models
