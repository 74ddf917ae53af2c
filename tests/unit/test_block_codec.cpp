#include "io/block_codec.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/errors.h"
#include "tests/unit/model_fixtures.h"
#include "trial/cohort_simulation.h"

namespace {
using jisas::analysis::CohortOutput;

std::vector<CohortOutput> sample_block() {
  const auto point = jisas::test::jisas_like_point();
  std::vector<CohortOutput> block;
  for (std::int64_t c = 0; c < 3; ++c) {
    block.push_back(jisas::trial::simulate_cohort(point, 5, c, c == 1));  // patients for one
  }
  return block;
}
}  // namespace

TEST_CASE("a block survives encoding and decoding byte for byte", "[codec]") {
  const auto block = sample_block();
  REQUIRE(!block[1].patients.empty());
  REQUIRE(!block[1].measurements.empty());
  std::vector<char> bytes;
  jisas::io::encode_block(block, bytes);
  const auto back = jisas::io::decode_block(bytes, "test");
  REQUIRE(back.size() == block.size());
  for (std::size_t i = 0; i < block.size(); ++i) {
    CHECK(std::memcmp(&back[i].result, &block[i].result, sizeof block[i].result) == 0);
    CHECK(back[i].patients.size() == block[i].patients.size());
    CHECK(back[i].measurements.size() == block[i].measurements.size());
  }
  CHECK(back[1].measurements.back().measured_ratio == block[1].measurements.back().measured_ratio);
}

TEST_CASE("results are stored without their repeated words, exactly", "[codec]") {
  // A simulated cohort: its unused landmark, test and look slots repeat (NaN or 0).
  const auto block = sample_block();
  const std::vector<CohortOutput> plain{block[0]};
  std::vector<char> bytes;
  jisas::io::encode_block(plain, bytes);
  CHECK(bytes.size() < sizeof(jisas::analysis::CohortResult) / 2);
  // The extremes: every word different from the one before it, and every word equal.
  CohortOutput distinct, equal;
  std::vector<std::uint64_t> words(sizeof(distinct.result) / 8);
  for (std::size_t i = 0; i < words.size(); ++i) words[i] = 0x9e3779b97f4a7c15ULL * (i + 1);
  std::memcpy(static_cast<void*>(&distinct.result), words.data(), sizeof distinct.result);
  std::fill(words.begin(), words.end(), 0x7ff8000000000000ULL);  // all NaN
  std::memcpy(static_cast<void*>(&equal.result), words.data(), sizeof equal.result);
  for (const CohortOutput& c : {distinct, equal}) {
    std::vector<char> b;
    jisas::io::encode_block(std::vector<CohortOutput>{c}, b);
    const auto back = jisas::io::decode_block(b, "test");
    REQUIRE(back.size() == 1);
    CHECK(std::memcmp(&back[0].result, &c.result, sizeof c.result) == 0);
  }
}

TEST_CASE("every truncation or extension of a block is refused, never read past", "[codec]") {
  std::vector<char> bytes;
  jisas::io::encode_block(sample_block(), bytes);
  for (std::size_t cut = 0; cut < bytes.size(); cut += 7) {
    const std::span<const char> prefix(bytes.data(), cut);
    CHECK_THROWS_AS(jisas::io::decode_block(prefix, "test"), jisas::InputError);
  }
  bytes.push_back('\0');
  CHECK_THROWS_WITH(jisas::io::decode_block(bytes, "test"), Catch::Contains("trailing bytes"));
}

TEST_CASE("the record checksum is FNV-1a and sees every flipped bit", "[codec]") {
  // Under 8 bytes it is byte-wise FNV-1a: the Fowler-Noll-Vo reference vectors
  // (isthe.com/chongo/tech/comp/fnv) for "" and "a".
  CHECK(jisas::io::fnv1a_words({}) == 0xcbf29ce484222325ULL);
  const char a[] = {'a'};
  CHECK(jisas::io::fnv1a_words(a) == 0xaf63dc4c8601ec8cULL);
  std::vector<char> bytes(101);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 37);
  const std::uint64_t intact = jisas::io::fnv1a_words(bytes);
  for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    bytes[bit / 8] ^= static_cast<char>(1 << (bit % 8));
    CHECK(jisas::io::fnv1a_words(bytes) != intact);
    bytes[bit / 8] ^= static_cast<char>(1 << (bit % 8));
  }
}
