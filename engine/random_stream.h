// Keyed random streams (house style rule 3): every random number drawn for one
// (seed, design point, cohort, patient, purpose) comes from its own Boost engine, seeded
// from that key alone, so results do not depend on threads, scheduling or sharding.
#pragma once

#include <cstdint>

#include <boost/random/taus88.hpp>

namespace jisas::engine {

// Bumped whenever the mapping from key to stream changes; recorded in every output.
inline constexpr int kSeedingSchemeVersion = 1;

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

// Seeds the engine's three words from stream_hash(key).
RandomEngine make_stream(const StreamKey& key);

}  // namespace jisas::engine
