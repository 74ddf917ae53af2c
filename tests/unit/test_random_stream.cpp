#include "engine/random_stream.h"

#include <set>

#include <boost/random/uniform_01.hpp>
#include <catch2/catch.hpp>

using jisas::engine::make_stream;
using jisas::engine::StreamKey;

TEST_CASE("a stream depends only on its key", "[random_stream]") {
  const StreamKey key{20091001, 2, 17, 5, 3};
  auto a = make_stream(key);
  auto b = make_stream(key);
  for (int i = 0; i < 100; ++i) CHECK(a() == b());
}

TEST_CASE("changing any one key field gives a different stream", "[random_stream]") {
  const StreamKey base{1, 0, 0, 0, 0};
  std::set<std::uint32_t> first_draws;
  first_draws.insert(make_stream(base)());
  for (int field = 0; field < 5; ++field) {
    StreamKey k = base;
    std::uint64_t* fields[] = {&k.seed, &k.design_point, &k.cohort, &k.patient, &k.purpose};
    *fields[field] += 1;
    first_draws.insert(make_stream(k)());
  }
  CHECK(first_draws.size() == 6);
}

TEST_CASE("neighbouring streams are uncorrelated", "[random_stream]") {
  // Mean of U(0,1) over 2000 streams (patients 0..1999), first draw each: the standard
  // error is sqrt(1/12/2000) = 0.0065, so 5 SE = 0.032 (a failure would mean the key
  // mixing leaks structure into the first draw).
  double sum = 0.0;
  for (std::uint64_t p = 0; p < 2000; ++p) {
    auto engine = make_stream({7, 0, 0, p, 1});
    sum += boost::uniform_01<double>()(engine);
  }
  CHECK(std::abs(sum / 2000.0 - 0.5) < 0.032);
}
