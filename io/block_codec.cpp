#include "io/block_codec.h"

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
    put(bytes, &c.result, sizeof c.result);
    put_rows(bytes, c.patients);
    put_rows(bytes, c.measurements);
  }
}

std::vector<analysis::CohortOutput> decode_block(std::span<const char> bytes, const char* what) {
  Reader in(bytes, what);
  std::vector<analysis::CohortOutput> block(in.count(sizeof(analysis::CohortResult)));
  for (analysis::CohortOutput& c : block) {
    in.get(&c.result, sizeof c.result);
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
