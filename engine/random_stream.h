// Keyed random streams (house style rule 3): every random number drawn for one
// (seed, design point, cohort, patient, purpose) comes from its own Boost engine, seeded
// from that key alone, so results do not depend on threads, scheduling or sharding.
#pragma once

#include <cstdint>

#include <boost/random/taus88.hpp>

namespace jisas::engine {

// Bumped whenever the mapping from key to stream, or what a stream is drawn for, changes;
// recorded in every output. 2 (issue 18): the assay stream is not drawn at visits whose
// result is certain (scenarios/quiet_visits.h); assay.draw_every_visit draws it as 1 did.
inline constexpr int kSeedingSchemeVersion = 2;

// Purposes are the domain's to name (trial/purposes.h defines an enum); the engine sees a number.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t design_point = 0;
  std::uint64_t cohort = 0;
  std::uint64_t patient = 0;
  std::uint64_t purpose = 0;
};

// L'Ecuyer's (1996) maximally equidistributed combined Tausworthe generator: three
// 32-bit words of state, so a stream costs a few nanoseconds to make, which matters
// at millions of (patient, purpose) streams per run.
using RandomEngine = boost::random::taus88;

// splitmix64 finaliser (Steele, Lea & Flood 2014), a bijective 64-bit mixer.
std::uint64_t splitmix64(std::uint64_t x);

// The key hashed field by field through splitmix64: the seed of the key's stream, and the
// key of counter-based draws (scenarios::PatientVisits).
std::uint64_t stream_hash(const StreamKey& key);

// The same hash in two steps, for the many purposes of one patient: the fields before the
// purpose once, then the purpose. stream_hash(key) == purpose_hash(prefix_hash(key),
// key.purpose).
std::uint64_t prefix_hash(const StreamKey& key);
inline std::uint64_t purpose_hash(std::uint64_t prefix, std::uint64_t purpose) {
  return splitmix64(prefix ^ purpose);
}

// Seeds the engine's three words from stream_hash(key).
RandomEngine make_stream(const StreamKey& key);
// The same engine from the key's hash.
RandomEngine stream_from_hash(std::uint64_t hash);

}  // namespace jisas::engine
