// The purposes that key random streams (house style rule 3). Each is an independent
// stream per (seed, design point, cohort, patient), so changing how one process draws
// (say the assay) leaves every other draw, and every relapse time, unchanged.
#pragma once

#include <cstdint>

namespace jisas::trial {

enum class Purpose : std::uint64_t {
  Accrual = 1,        // entry dates (per cohort: patient key 0)
  Baseline = 2,       // covariates at IM stop
  Withdrawal = 3,     // unevaluable, consent withdrawal
  Protocol = 4,       // IFN start day and weekly frequency
  Kinetics = 5,       // hazard: cure, latent relapse; lsc_immune: patient, stem cells
  Assay = 6,          // ABL and BCR-ABL copies at each visit
  Randomization = 7,  // arm allocation (per cohort: patient key 0)
  ImMonitoring = 8,   // lsc_immune: routine RQ-PCR on IM before the stop
  Visits = 9,         // visit windows and missed visits after the stop (counter-based)
  ImVisits = 10,      // lsc_immune: the same for the routine visits on IM
  QuietAssay = 11,    // written measurements at visits not drawn (scenarios/quiet_visits.h)
  ImmuneEscape = 12,  // lsc_immune: the day immune control is lost after the stop
};

}  // namespace jisas::trial
