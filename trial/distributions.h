// Sampling the scenario's distributions with Boost.Random, and the cumulative hazard of
// the latent relapse-time distributions (for proportional hazards that switch on when
// IFN starts).
#pragma once

#include "engine/random_stream.h"
#include "scenarios/spec/scenario.h"

namespace jisas::trial {

using engine::RandomEngine;
using scenarios::Distribution;

double sample(const Distribution& d, RandomEngine& rng);

// Baseline cumulative hazard H0(t) and its inverse, for Weibull, log-normal and
// piecewise-exponential latent times (t in days).
double cumulative_hazard(const Distribution& d, double t);
double inverse_cumulative_hazard(const Distribution& d, double h);

}  // namespace jisas::trial
