// Every kinetic model's behaviour (models/kinetic_model.h): the one header the cohort
// driver includes to dispatch on scenarios::KineticsSpec. A new model adds its line here.
#pragma once

#include "models/hazard/hazard_model.h"
#include "models/km_curve/km_curve_model.h"
#include "models/lsc_immune/lsc_immune_model.h"
