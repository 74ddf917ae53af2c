#include "engine/text_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "engine/errors.h"

namespace jisas::engine {
namespace {

// Closes the descriptor on every path out, errors included.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void too_large(const std::string& path, std::size_t max_bytes) {
  throw InputError(fmt::format("{}: larger than {} MiB, the most an input file may have", path,
                               max_bytes >> 20));
}

// Bytes a UTF-8 sequence starting with `lead` has, 0 for a byte that cannot start one
// (RFC 3629: no overlong two-byte leads C0 and C1, nothing above U+10FFFF).
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Whether text[i..] is one valid sequence of n bytes (also no overlong three- and
// four-byte forms, no surrogates, nothing above U+10FFFF).
bool valid_sequence(std::string_view text, std::size_t i, std::size_t n) {
  if (i + n > text.size()) return false;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return false;
  }
  if (n == 3 && byte(0) == 0xE0 && byte(1) < 0xA0) return false;
  if (n == 3 && byte(0) == 0xED && byte(1) >= 0xA0) return false;
  if (n == 4 && byte(0) == 0xF0 && byte(1) < 0x90) return false;
  if (n == 4 && byte(0) == 0xF4 && byte(1) >= 0x90) return false;
  return true;
}

// What a byte-order mark announces, or the zero bytes of ASCII in UTF-16 without one
// ("k\0e\0y\0"); empty for anything else.
std::string_view other_encoding(std::string_view text) {
  if (text.starts_with(std::string_view("\xFF\xFE\x00\x00", 4))) return "UTF-32 (little-endian)";
  if (text.starts_with(std::string_view("\x00\x00\xFE\xFF", 4))) return "UTF-32 (big-endian)";
  if (text.starts_with("\xFF\xFE")) return "UTF-16 (little-endian)";
  if (text.starts_with("\xFE\xFF")) return "UTF-16 (big-endian)";
  if (text.size() < 4) return {};
  const auto zero = [&](std::size_t i) { return text[i] == '\0'; };
  if (!zero(0) && zero(1) && !zero(2) && zero(3))
    return "UTF-16 (little-endian, no byte-order mark)";
  if (zero(0) && !zero(1) && zero(2) && !zero(3)) return "UTF-16 (big-endian, no byte-order mark)";
  return {};
}

}  // namespace

std::string read_bounded_file(const std::string& path, std::size_t max_bytes) {
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0) {
    throw InputError(fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) {
    throw InputError(fmt::format("{}: cannot open file: {}", path, std::strerror(EISDIR)));
  }
  if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) > max_bytes) {
    too_large(path, max_bytes);
  }
  // Not trusting st_size (a pipe or device has none, a file may grow): read to the end or
  // one chunk past the bound.
  std::string text;
  char chunk[65536];
  while (true) {
    const ssize_t got = ::read(fd.get(), chunk, sizeof chunk);
    if (got == 0) break;
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw InputError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
    text.append(chunk, static_cast<std::size_t>(got));
    if (text.size() > max_bytes) too_large(path, max_bytes);
  }
  return text;
}

void check_utf8_text(std::string_view text, const std::string& path) {
  if (const std::string_view encoding = other_encoding(text); !encoding.empty()) {
    throw InputError(
        fmt::format("{}: the text is {}, not UTF-8; save the file as UTF-8", path, encoding));
  }
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = sequence_length(lead);
    if (lead == 0 || n == 0 || !valid_sequence(text, i, n)) {
      throw InputError(
          fmt::format("{}:{}:{}: {} (byte 0x{:02X}): not UTF-8 text; save the file as UTF-8", path,
                      line, column, lead == 0 ? "a NUL byte" : "an invalid UTF-8 sequence", lead));
    }
    column = lead == '\n' ? 1 : column + 1;
    line += lead == '\n';
    i += n;
  }
}

}  // namespace jisas::engine
