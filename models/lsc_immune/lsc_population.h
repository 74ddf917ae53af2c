// Patients of the `lsc_immune` model at diagnosis (models/lsc_immune/lsc_immune.md "Patients"):
// a row of Hahnel's Table S1, drawn by immune class, with log-normal jitter on each
// fitted rate; the initial state in quasi-equilibrium, as in the fits.
#pragma once

#include <optional>

#include <boost/random/discrete_distribution.hpp>

#include "engine/random_stream.h"
#include "models/lsc_immune/hahnel_table.h"
#include "models/lsc_immune/lsc_immune.h"
#include "models/lsc_immune/random_effects.h"
#include "scenarios/spec/scenario.h"

namespace jisas::models {

struct LscPatient {
  LscPatientParams params;
  double y_diagnosis = 0.0;  // cycling LSCs at diagnosis
  int table_row = 0;         // index into kHahnelTableS1
  char immune_class = 'A';
};

LscPatientParams fitted_params(const HahnelFit& fit);

// A spec's population, prepared once per model (the row weights' alias table, or the
// random effects estimated from Table S1), so that drawing a patient allocates nothing
// and estimates nothing. `spec` must outlive it.
class LscPopulation {
 public:
  explicit LscPopulation(const scenarios::LscImmuneSpec& spec);
  const scenarios::LscImmuneSpec& spec() const { return *spec_; }
  LscPatient sample(engine::RandomEngine& rng) const;

 private:
  const scenarios::LscImmuneSpec* spec_;
  boost::random::discrete_distribution<int> rows_;     // draw: table_rows
  std::optional<HahnelRandomEffects> random_effects_;  // draw: random_effects
};

// Y_min times spec.window_lower_edge_scale, Y_max kept, for a patient with an immune window.
void scale_window_lower_edge(const scenarios::LscImmuneSpec& spec, LscPatientParams& params);

// X0 = (p_YX / p_XY) Y0 and Z0 = r_Z / (a - p_Z Y0 / (K_Z^2 + Y0^2)), or r_Z / a when the
// load at diagnosis lies inside the immune window (radivot/myelo, glauchePars20.R).
LscState diagnosis_state(const scenarios::LscImmuneSpec& spec, const LscPatientParams& params,
                         double y_diagnosis);

}  // namespace jisas::models
