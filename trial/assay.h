// RQ-PCR (design.md "Assay"): ABL control copies per test are log-normal, BCR-ABL
// copies Poisson with mean (true local ratio x ABL copies); no BCR-ABL copy means
// undetectable (CMR). The reported ratio is on the International Scale.
#pragma once

#include "engine/random_stream.h"
#include "scenarios/spec/scenario.h"

namespace jisas::trial {

struct AssayResult {
  double abl_copies = 0.0;
  double bcr_abl_copies = 0.0;
  double ratio = 0.0;  // IS; 0 when undetectable
};

AssayResult measure(const scenarios::AssaySpec& spec, double true_ratio, engine::RandomEngine& rng);

}  // namespace jisas::trial
