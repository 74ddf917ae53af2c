#include "io/block_codec.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include <fmt/format.h>

#include "engine/errors.h"

namespace jisas::io {
namespace {

static_assert(std::is_trivially_copyable_v<analysis::CohortResult>);
static_assert(std::is_trivially_copyable_v<analysis::PatientRecord>);
static_assert(std::is_trivially_copyable_v<analysis::Measurement>);

void put(std::vector<char>& bytes, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  bytes.insert(bytes.end(), p, p + size);
}

void put_count(std::vector<char>& bytes, std::size_t n) {
  const auto count = static_cast<std::uint64_t>(n);
  put(bytes, &count, sizeof count);
}

template <class T>
void put_rows(std::vector<char>& bytes, const std::vector<T>& rows) {
  put_count(bytes, rows.size());
  if (!rows.empty()) put(bytes, rows.data(), rows.size() * sizeof(T));
}

// A cohort's result as 8-byte words, leaving out each word equal to the one before it: per
// run of 64 words a mask (bit k set: word k repeats its predecessor), then the words that do
// not. The struct holds 8 slots for every per-landmark, per-test and per-look array, most of
// them NaN for a scenario's few, and journalled whole it was 1,112 bytes a cohort (111 MB
// for a 100,000-cohort run, and its writing about 5% of a 1-thread jisas.yaml run). Exact
// for any bytes, padding included.
using Word = std::uint64_t;
static_assert(sizeof(analysis::CohortResult) % sizeof(Word) == 0);
constexpr std::size_t kResultWords = sizeof(analysis::CohortResult) / sizeof(Word);
constexpr std::size_t kMaskWords = 64;

void put_result(std::vector<char>& bytes, const analysis::CohortResult& result) {
  std::array<Word, kResultWords> words;
  std::memcpy(words.data(), &result, sizeof result);
  std::array<Word, kMaskWords + 1> run;  // the mask, then the words kept
  Word previous = 0;
  for (std::size_t first = 0; first < kResultWords; first += kMaskWords) {
    const std::size_t last = std::min(first + kMaskWords, kResultWords);
    Word mask = 0;
    std::size_t kept = 1;
    for (std::size_t i = first; i < last; previous = words[i++]) {
      if (words[i] == previous)
        mask |= Word{1} << (i - first);
      else
        run[kept++] = words[i];
    }
    run[0] = mask;
    put(bytes, run.data(), kept * sizeof(Word));
  }
}

// Reads from the front of the bytes, refusing to run past their end.
class Reader {
 public:
  Reader(std::span<const char> bytes, const char* what) : bytes_(bytes), what_(what) {}
  void get(void* data, std::size_t size) {
    if (size > bytes_.size() - at_) {
      throw InputError(fmt::format("{}: damaged block (ends inside a record)", what_));
    }
    std::memcpy(data, bytes_.data() + at_, size);
    at_ += size;
  }
  std::uint64_t count(std::size_t row_size) {
    std::uint64_t n = 0;
    get(&n, sizeof n);
    if (n > (bytes_.size() - at_) / row_size) {
      throw InputError(fmt::format("{}: damaged block (a count of {} rows)", what_, n));
    }
    return n;
  }
  template <class T>
  void rows(std::vector<T>& out) {
    out.resize(count(sizeof(T)));
    if (!out.empty()) get(out.data(), out.size() * sizeof(T));
  }
  void result(analysis::CohortResult& result) {
    std::array<Word, kResultWords> words;
    Word previous = 0;
    for (std::size_t first = 0; first < kResultWords; first += kMaskWords) {
      const std::size_t last = std::min(first + kMaskWords, kResultWords);
      Word mask = 0;
      get(&mask, sizeof mask);
      if (last - first < kMaskWords && (mask >> (last - first)) != 0) {
        throw InputError(fmt::format("{}: damaged block (a word mask past the record)", what_));
      }
      for (std::size_t i = first; i < last; previous = words[i++]) {
        if ((mask >> (i - first) & 1) != 0)
          words[i] = previous;
        else
          get(&words[i], sizeof(Word));
      }
    }
    std::memcpy(static_cast<void*>(&result), words.data(), sizeof result);  // trivially copyable
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  std::span<const char> bytes_;
  const char* what_;
  std::size_t at_ = 0;
};

}  // namespace

void encode_block(std::span<const analysis::CohortOutput> block, std::vector<char>& bytes) {
  put_count(bytes, block.size());
  for (const analysis::CohortOutput& c : block) {
    put_result(bytes, c.result);
    put_rows(bytes, c.patients);
    put_rows(bytes, c.measurements);
  }
}

std::vector<analysis::CohortOutput> decode_block(std::span<const char> bytes, const char* what) {
  Reader in(bytes, what);
  // A result takes at least its masks' bytes: a count beyond that is damage.
  constexpr std::size_t kMinResultBytes =
      (kResultWords + kMaskWords - 1) / kMaskWords * sizeof(Word);
  std::vector<analysis::CohortOutput> block(in.count(kMinResultBytes));
  for (analysis::CohortOutput& c : block) {
    in.result(c.result);
    in.rows(c.patients);
    in.rows(c.measurements);
  }
  if (!in.done()) throw InputError(fmt::format("{}: damaged block (trailing bytes)", what));
  return block;
}

std::uint64_t fnv1a_words(std::span<const char> bytes) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;  // FNV prime (Fowler, Noll, Vo)
  std::uint64_t hash = 0xcbf29ce484222325ULL;         // FNV offset basis
  std::size_t i = 0;
  for (; i + sizeof(std::uint64_t) <= bytes.size(); i += sizeof(std::uint64_t)) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes.data() + i, sizeof word);
    hash = (hash ^ word) * kPrime;
  }
  for (; i < bytes.size(); ++i) hash = (hash ^ static_cast<unsigned char>(bytes[i])) * kPrime;
  return hash;
}

}  // namespace jisas::io
