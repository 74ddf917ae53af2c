// The imatinib history of an `lsc_immune` patient, from diagnosis to the IM stop
// (models/lsc_immune/lsc_immune.md "History"): IM with routine RQ-PCR at `history.visits`; the stop
// comes at the first visit, at least `stop_delay` after the patient first met the
// eligibility rule (JISAS: CMR, i.e. undetectable, after more than 2 years of MMR), at
// which the rule still holds. The durations the trial records come from these noisy
// measurements, not from the true state.
#pragma once

#include "engine/random_stream.h"
#include "models/lsc_immune/lsc_immune.h"
#include "models/lsc_immune/lsc_population.h"
#include "scenarios/spec/scenario.h"

namespace jisas::models {

struct ImHistory {
  bool eligible = false;       // met the rule before max_im_duration
  double im_duration = 0.0;    // days from diagnosis (start of IM) to the stop
  double mmr_duration = 0.0;   // days since the first MMR of the unbroken MMR run
  double deep_duration = 0.0;  // days of deep response (CMR), as history.deep_duration_from says
};

// Leaves `dynamics` at the stop (still on IM) if eligible. `mmr_threshold` is the
// protocol's MMR level (0.1% IS); `visit_key` keys the visit windows and missed visits.
ImHistory simulate_im_history(const scenarios::ImHistorySpec& spec,
                              const scenarios::AssaySpec& assay, double mmr_threshold,
                              LscDynamics& dynamics, engine::RandomEngine& assay_rng,
                              double stop_delay, std::uint64_t visit_key);

// A patient who met the rule: drawn, with a history, and left at the stop.
struct LscStop {
  LscPatient patient;
  ImHistory history;
  LscDynamics dynamics;
  int draws = 1;  // patients drawn until this one was eligible
};

// Draws patients from `population` and their histories until one is eligible, as a trial
// screens patients; throws InputError if fewer than 1 in 1000 are. Each drawn patient's
// visits are keyed by (visit_key, draw).
LscStop simulate_until_stop(const LscPopulation& population, const scenarios::AssaySpec& assay,
                            double mmr_threshold, engine::RandomEngine& kinetics_rng,
                            engine::RandomEngine& monitoring_rng, std::uint64_t visit_key);

}  // namespace jisas::models
