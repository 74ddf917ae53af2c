#include "models/lsc_immune/lsc_history.h"

#include <cmath>
#include <limits>

#include "engine/errors.h"
#include "models/lsc_immune/response_runs.h"
#include "trial/assay.h"
#include "trial/distributions.h"

namespace jisas::models {
namespace {
constexpr double kNever = std::numeric_limits<double>::quiet_NaN();
}

ImHistory simulate_im_history(const scenarios::ImHistorySpec& spec,
                              const scenarios::AssaySpec& assay, double mmr_threshold,
                              LscDynamics& dynamics, engine::RandomEngine& assay_rng,
                              double stop_delay, std::uint64_t visit_key) {
  dynamics.set_treatment({.tki = true});
  const scenarios::PatientVisits visits(spec.visits, visit_key);
  ResponseRuns runs(spec.sustained_deep_duration);
  double first_eligible = kNever, previous = 0.0;
  for (scenarios::Visit visit = visits.after();; visit = visits.after(visit)) {
    const double day = visit.day;
    if (day > spec.max_im_duration) return {};
    dynamics.advance((day - previous) / scenarios::kDaysPerMonth);
    previous = day;
    const trial::AssayResult m = trial::measure(assay, dynamics.ratio(), assay_rng);
    const bool in_mmr = m.ratio < mmr_threshold;
    const bool deep =
        spec.deep_response > 0.0 ? m.ratio <= spec.deep_response : m.bcr_abl_copies == 0.0;
    runs.observe(day, in_mmr, deep);
    const bool eligible = runs.deep() && day >= spec.min_im_duration &&
                          runs.mmr_duration() >= spec.min_mmr_duration &&
                          runs.deep_duration() >= spec.min_deep_duration;
    if (!eligible) continue;
    if (std::isnan(first_eligible)) first_eligible = day;
    if (day >= first_eligible + stop_delay) {
      return {true, day, runs.mmr_duration(), runs.deep_duration()};
    }
  }
}

LscStop simulate_until_stop(const LscPopulation& population, const scenarios::AssaySpec& assay,
                            double mmr_threshold, engine::RandomEngine& kinetics_rng,
                            engine::RandomEngine& monitoring_rng, std::uint64_t visit_key) {
  constexpr int kMaxDraws = 1000;
  const scenarios::LscImmuneSpec& spec = population.spec();
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    const LscPatient patient = population.sample(kinetics_rng);
    const double stop_delay = trial::sample(spec.history.stop_delay, kinetics_rng);
    LscDynamics dynamics(spec, patient.params,
                         diagnosis_state(spec, patient.params, patient.y_diagnosis), kinetics_rng);
    const ImHistory history = simulate_im_history(
        spec.history, assay, mmr_threshold, dynamics, monitoring_rng, stop_delay,
        engine::splitmix64(visit_key ^ static_cast<unsigned>(draw)));
    kinetics_rng = dynamics.random_engine();  // one stream: the next draw continues it
    if (history.eligible) return {patient, history, dynamics, draw + 1};
  }
  throw InputError(
      "kinetics.history: fewer than 1 in 1000 simulated patients meet the eligibility rule "
      "by max_im_duration; relax min_mmr_duration, min_deep_duration or deep_response");
}

}  // namespace jisas::models
