// The random streams of one cohort and of one patient in it (house style rule 3): every
// stream is keyed by (seed, design point, cohort, patient, purpose), so a draw depends on
// nothing else: not on threads, shards, or the order patients are simulated in.
#pragma once

#include <cstdint>

#include "engine/random_stream.h"
#include "trial/purposes.h"

namespace jisas::trial {

struct CohortStreams {
  std::uint64_t seed = 0, point = 0, cohort = 0;
  // patient key 0 is the cohort's own (accrual, randomization); patients are 1, 2, ...
  engine::RandomEngine operator()(std::uint64_t patient, Purpose purpose) const {
    return engine::make_stream(key(patient, purpose));
  }
  engine::StreamKey key(std::uint64_t patient, Purpose purpose) const {
    return {seed, point, cohort, patient, static_cast<std::uint64_t>(purpose)};
  }
};

// The key's fields before the purpose are hashed once per patient (engine::prefix_hash).
class PatientStreams {
 public:
  PatientStreams(const CohortStreams& cohort, std::uint64_t patient)
      : prefix_(engine::prefix_hash(cohort.key(patient, Purpose{}))) {}
  PatientStreams() = default;  // no patient's: a slot until one is assigned
  engine::RandomEngine operator()(Purpose purpose) const {
    return engine::stream_from_hash(hash(purpose));
  }
  // The key of counter-based draws for `purpose` (visit days: scenarios::PatientVisits).
  std::uint64_t hash(Purpose purpose) const {
    return engine::purpose_hash(prefix_, static_cast<std::uint64_t>(purpose));
  }

 private:
  std::uint64_t prefix_ = 0;
};

}  // namespace jisas::trial
