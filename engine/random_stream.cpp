#include "engine/random_stream.h"

#include <array>

namespace jisas::engine {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t prefix_hash(const StreamKey& key) {
  std::uint64_t h = splitmix64(key.seed ^ 0x6a09e667f3bcc908ULL);  // scheme salt
  for (const std::uint64_t field : {key.design_point, key.cohort, key.patient}) {
    h = splitmix64(h ^ field);
  }
  return h;
}

std::uint64_t stream_hash(const StreamKey& key) {
  return purpose_hash(prefix_hash(key), key.purpose);
}

RandomEngine make_stream(const StreamKey& key) {
  return stream_from_hash(stream_hash(key));
}

RandomEngine stream_from_hash(std::uint64_t h) {
  const std::uint64_t extra = splitmix64(h);
  // taus88 raises any word below its component's minimum, so every value is valid.
  std::array<std::uint32_t, 3> words{static_cast<std::uint32_t>(h),
                                     static_cast<std::uint32_t>(h >> 32),
                                     static_cast<std::uint32_t>(extra)};
  auto first = words.begin();
  RandomEngine engine;
  engine.seed(first, words.end());
  return engine;
}

}  // namespace jisas::engine
