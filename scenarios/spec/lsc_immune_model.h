// The spec of the `lsc_immune` kinetics model (models/lsc_immune/,
// models/lsc_immune/lsc_immune.md).
#pragma once

#include "scenarios/spec/distribution.h"
#include "scenarios/spec/visits.h"

namespace jisas::scenarios {

// IFN-alpha multipliers of the `lsc_immune` model (models/lsc_immune/lsc_immune.md), each applied
// as (1 + theta * u) with u the weekly exposure (injections per week / 5); all 0 = null.
struct IfnEffectSpec {
  double immune_recruitment = 0.0;  // theta_R on r_Z
  double immune_window = 0.0;       // theta_Z on p_Z (widens the immune window)
  double immune_kill = 0.0;         // theta_M on m
  double activation = 0.0;          // theta_A on p_XY (quiescent cells into cycle)
  double antiproliferative = 0.0;   // theta_P: p_Y * (1 - theta_P * u)
};

// The simulated imatinib history from diagnosis to the stop (models/lsc_history.h).
struct ImHistorySpec {
  VisitSchedule visits{3.0 * kDaysPerMonth};  // routine RQ-PCR on IM, days from diagnosis
  double min_im_duration = 0.0;               // eligibility, days
  double min_mmr_duration = 2.0 * kDaysPerYear;
  double min_deep_duration = 0.0;  // deep response held for this long, days
  double deep_response = 0.0;      // ratio at or below this (0: undetectable, CMR)
  // Where the deep-response duration starts: after the last result that was not deep
  // (true, default: the sustained duration STIM1 and EURO-SKI define, which a detectable
  // result restarts) or at the first deep result of the MMR run (false: A-STIM, which let
  // occasional weak positives pass; models/lsc_immune/response_runs.h).
  bool sustained_deep_duration = true;
  Distribution stop_delay;                       // from first eligibility to the stop, days
  double max_im_duration = 20.0 * kDaysPerYear;  // never eligible by then: not enrolled
};

// The `lsc_immune` model (Hahnel et al. 2020, Cancer Res 80:2394): quiescent (X) and
// cycling (Y) leukemic stem cells and immune effectors (Z). Rates are per month and
// counts in cells, as published; models/lsc_immune/lsc_immune.md gives each value's source.
struct LscImmuneSpec {
  // The simulated history from diagnosis decides eligibility and the durations.
  static constexpr bool kSimulatesEligibility = true;
  // Fixed for everyone.
  double p_y = 1.658;     // proliferation of cycling LSCs, /month
  double k_y = 1e6;       // carrying capacity of Y
  double r_z = 200.0;     // immune influx, cells/month
  double a = 2.0;         // immune decay, /month
  double m = 1e-4;        // immune kill, /(cell month)
  double turnover = 0.0;  // delta: extra birth and death of Y (extinction), /month
  // Late relapse by escape from immune control (models/lsc_immune/lsc_immune.md "Late
  // relapses"): after the stop each patient loses the immune window (p_Z = 0) at an
  // exponential time with this rate, per month; 0: never (off).
  double immune_escape = 0.0;
  // BCR-ABL/ABL from Y: Y / K_Y (myelo's Hahnel plots) or Y / (2 K_Y - Y) (one BCR-ABL
  // allele per leukemic cell against two ABL alleles per normal cell).
  enum class Ratio { YOverKy, YOverTwoKyMinusY };
  Ratio ratio = Ratio::YOverKy;
  // Blood BCR-ABL/ABL per unit of that LSC ratio (models/lsc_immune/lsc_immune.md "Ratio"):
  // 1 as myelo reads Hahnel's fits; fitted in the joint calibration.
  double ratio_scale = 1.0;
  // Per patient: a row of Hahnel's Table S1 drawn with these weights by immune class,
  // each fitted rate times 10^N(0, jitter_sd_log10).
  double class_weight_a = 6.0, class_weight_b = 8.0, class_weight_c = 7.0;
  double jitter_sd_log10 = 0.0;
  // Or (RandomEffects) a class drawn by those weights and log-normal random effects
  // estimated from the 21 rows (models/lsc_immune/random_effects.h), then the jitter.
  enum class PatientDraw { TableRows, RandomEffects };
  PatientDraw draw = PatientDraw::TableRows;
  // The immune window's lower edge Y_min (the load immune control holds) times this, its
  // upper edge kept (models/lsc_immune/lsc_immune.md "Patients"); 1: as drawn.
  double window_lower_edge_scale = 1.0;
  // X at diagnosis is (p_YX / p_XY) Y0, up to 1e10 for some fits; capped at this many
  // cells (K_Y: the quiescent pool no larger than the cycling one's capacity).
  double x_cap = 1e6;
  IfnEffectSpec ifn;
  ImHistorySpec history;
  // Numerics.
  double switch_cells = 100.0;                    // X + Y below this: exact stochastic simulation
  double ode_rel_tol = 1e-4, ode_abs_tol = 1e-4;  // 1e-9 agrees within MC error (tests)
};

}  // namespace jisas::scenarios
