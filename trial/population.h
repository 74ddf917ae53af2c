// Patients at IM stop: covariates from the scenario's distributions and the JISAS
// eligibility rule (CMR at entry, MMR for at least 2 years), and their entry dates.
#pragma once

#include <vector>

#include "analysis/radix_sort.h"
#include "engine/random_stream.h"
#include "scenarios/spec/scenario.h"
#include "trial/covariates.h"

namespace jisas::trial {

// Age, Sokal score and prior IFN only (the `lsc_immune` model simulates the durations).
Covariates sample_demographics(const scenarios::PopulationSpec& spec, engine::RandomEngine& rng);

// Draws until the eligibility rule holds: MMR duration >= min_mmr_duration and time at the
// deep response (cmr_duration) >= min_deep_duration (everyone drawn is at that depth).
// Counts the draws (Covariates::draws). Throws InputError if it almost never holds.
Covariates sample_eligible_patient(const scenarios::PopulationSpec& spec,
                                   engine::RandomEngine& rng);

// Arms (1 experimental, 0 control) of n patients in enrolment order (randomization.h's
// spec): permuted blocks with the ratio exact in every block (Zelen 1974), one block
// sequence per stratum when `strata` (a category per patient) is given; simple
// randomization; or everyone experimental.
std::vector<int> assign_arms(int n, const scenarios::RandomizationSpec& spec,
                             const std::vector<int>& strata, engine::RandomEngine& rng);
// The same into `arms`, whose buffer is reused.
void assign_arms(int n, const scenarios::RandomizationSpec& spec, const std::vector<int>& strata,
                 engine::RandomEngine& rng, std::vector<int>& arms);

// Entry days (after the accrual start) of n patients, in increasing order.
std::vector<double> sample_entry_days(const scenarios::AccrualSpec& spec, int n,
                                      engine::RandomEngine& rng);
// The same into `days`, with the buffers of the days and their sort reused (a cohort's:
// no allocation per cohort).
void sample_entry_days(const scenarios::AccrualSpec& spec, int n, engine::RandomEngine& rng,
                       std::vector<double>& days, analysis::SortScratch& scratch);

}  // namespace jisas::trial
