// A patient's covariates at the IM stop: drawn by the trial's population model
// (trial/population.h) and read by the kinetic models (a covariate-dependent cure
// fraction, for example).
#pragma once

namespace jisas::trial {

struct Covariates {
  double age_years = 0.0;
  int sokal = 0;  // 0 low, 1 intermediate, 2 high
  bool prior_ifn = false;
  double cmr_duration = 0.0;  // days
  double mmr_duration = 0.0;  // days, >= cmr_duration
  double im_duration = 0.0;   // days, >= mmr_duration
  int draws = 1;              // patients drawn until this one met the eligibility rule
};

}  // namespace jisas::trial
