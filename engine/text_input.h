// Input files read as text (scenario files, CSV data): bounded in size, so that a device
// such as /dev/zero or a huge file is refused instead of exhausting memory, and UTF-8, so
// that the text stored in the result file for provenance is the text that was read
// (a UTF-16 file would be stored as a few bytes and parsed as something else).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jisas::engine {

// The largest input file read (docs/scenario-schema.md "Limits", docs/analyze.md).
inline constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;  // 16 MiB

// The whole file; InputError "PATH: ..." if it cannot be opened, is a directory or has
// more than max_bytes bytes (regular or not: pipes and devices are read up to the bound).
std::string read_bounded_file(const std::string& path, std::size_t max_bytes = kMaxInputBytes);

// InputError unless `text` is UTF-8 without NUL bytes, naming the file and what it is
// instead: "PATH: UTF-16 (little-endian) text, ..." from its byte-order mark, or
// "PATH:LINE:COLUMN: ..." at the first NUL byte or invalid UTF-8 sequence. A UTF-8
// byte-order mark is allowed (the caller may strip it).
void check_utf8_text(std::string_view text, const std::string& path);

}  // namespace jisas::engine
