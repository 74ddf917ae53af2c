// A block of simulated cohorts as bytes: the payload of a checkpoint record and of an MPI
// message. Records are copied as they lie in memory (they are trivially copyable; a
// cohort's result without its 8-byte words that repeat the one before, block_codec.cpp), so
// the bytes are only meaningful to the same build on the same platform; the checkpoint
// header and the MPI launch (one executable) guarantee that.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "analysis/cohort/records.h"

namespace jisas::io {

// Appends the block to `bytes`.
void encode_block(std::span<const analysis::CohortOutput> block, std::vector<char>& bytes);

// The block encode_block wrote; throws InputError naming `what` if the bytes are not one.
std::vector<analysis::CohortOutput> decode_block(std::span<const char> bytes, const char* what);

// FNV-1a, 64 bit, over 8-byte words and then the remaining bytes (byte-wise FNV-1a for
// fewer than 8): detects a torn or damaged record (not an adversary). Each step is a
// bijection of the running hash (odd multiplier), so one damaged word always changes the
// result; a word per multiply is 8 times the byte-wise speed, which was 6% of a
// 1-thread run's time (every block is journalled).
std::uint64_t fnv1a_words(std::span<const char> bytes);

}  // namespace jisas::io
