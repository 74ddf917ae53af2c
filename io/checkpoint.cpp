#include "io/checkpoint.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "engine/errors.h"
#include "io/block_codec.h"
#include "io/output_lock.h"

namespace jisas::io {
namespace {

constexpr char kHeaderMagic[8] = {'J', 'I', 'S', 'A', 'S', 'C', 'K', 'P'};
constexpr char kRecordMagic[8] = {'J', 'I', 'S', 'A', 'S', 'B', 'L', 'K'};
// 2: word-wise checksum; 3: cohort results without their repeated words (block_codec.h).
constexpr std::uint32_t kCheckpointFormat = 3;

struct RecordHeader {
  char magic[8];
  std::int64_t first_item;
  std::uint64_t payload_size;
  std::uint64_t payload_hash;
};
static_assert(sizeof(RecordHeader) == 32);

// The record sizes of this build: a journal from another build or platform is refused.
struct Layout {
  std::uint32_t format = kCheckpointFormat;
  std::uint32_t cohort_size = sizeof(analysis::CohortResult);
  std::uint32_t patient_size = sizeof(analysis::PatientRecord);
  std::uint32_t measurement_size = sizeof(analysis::Measurement);
  bool operator==(const Layout&) const = default;
};

std::string system_error(const std::string& path, const char* what) {
  return fmt::format("{}: {}: {}", shown_path(path), what, write_error_reason(errno));
}

void write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(system_error(path, "cannot write checkpoint"));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

// Reads exactly `size` bytes at `offset`; false if the file ends first.
bool read_at(int fd, std::uint64_t offset, void* data, std::size_t size, const std::string& path) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::pread(fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(system_error(path, "cannot read checkpoint"));
    if (n == 0) return false;
    p += n;
    offset += static_cast<std::uint64_t>(n);
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Whether a record begins anywhere in [from, size) (zeros_only: or any byte but zero). A
// record after one that fails its checks means damage in the middle of the journal, which
// is refused; without one the failure is a torn last append, or the zero-filled tail a
// node crash can leave (the file's size reached the disk before its data), discarded.
// Where no record starts at all, only zeros may follow: an append writes the magic first.
bool record_follows(int fd, std::uint64_t from, std::uint64_t size, const std::string& path,
                    bool zeros_only = false) {
  constexpr std::size_t kChunk = 1 << 20;
  std::vector<char> chunk;
  for (std::uint64_t at = from; at < size; at += kChunk) {
    // Overlap the next chunk by the magic's length less one, so no magic is cut in two.
    chunk.resize(static_cast<std::size_t>(std::min<std::uint64_t>(kChunk + 7, size - at)));
    read_at(fd, at, chunk.data(), chunk.size(), path);
    if (zeros_only && std::any_of(chunk.begin(), chunk.end(), [](char c) { return c != 0; })) {
      return true;
    }
    if (std::search(chunk.begin(), chunk.end(), std::begin(kRecordMagic), std::end(kRecordMagic)) !=
        chunk.end()) {
      return true;
    }
  }
  return false;
}

// A tail shorter than a record header is a torn append if it is zeros or begins as a
// record does (the magic comes first).
bool short_tail_is_torn(int fd, std::uint64_t from, std::uint64_t size, const std::string& path) {
  std::vector<char> tail(static_cast<std::size_t>(size - from));
  read_at(fd, from, tail.data(), tail.size(), path);
  const std::size_t n = std::min(tail.size(), sizeof kRecordMagic);
  return std::all_of(tail.begin(), tail.end(), [](char c) { return c == 0; }) ||
         std::equal(tail.begin(), tail.begin() + static_cast<long>(n), std::begin(kRecordMagic));
}

template <class T>
void put(std::vector<char>& bytes, const T& value) {
  const auto* p = reinterpret_cast<const char*>(&value);
  bytes.insert(bytes.end(), p, p + sizeof value);
}

void put_string(std::vector<char>& bytes, const std::string& s) {
  put(bytes, static_cast<std::uint64_t>(s.size()));
  bytes.insert(bytes.end(), s.begin(), s.end());
}

std::vector<char> encode_header(const RunIdentity& identity) {
  std::vector<char> bytes(std::begin(kHeaderMagic), std::end(kHeaderMagic));
  put(bytes, Layout{});
  put(bytes, static_cast<std::uint64_t>(identity.size()));
  for (const auto& [key, value] : identity) {
    put_string(bytes, key);
    put_string(bytes, value);
  }
  put(bytes, fnv1a_words(bytes));
  return bytes;
}

// The header read back field by field, so a mismatch can name the field.
class HeaderReader {
 public:
  HeaderReader(int fd, const std::string& path) : fd_(fd), path_(path) {}
  template <class T>
  T get() {
    T value{};
    if (!read_at(fd_, at_, &value, sizeof value, path_)) fail("truncated header");
    bytes_.insert(bytes_.end(), reinterpret_cast<char*>(&value),
                  reinterpret_cast<char*>(&value) + sizeof value);
    at_ += sizeof value;
    return value;
  }
  std::string get_string() {
    const auto size = get<std::uint64_t>();
    if (size > (1U << 26)) fail("damaged header");
    std::string s(size, '\0');
    if (!read_at(fd_, at_, s.data(), size, path_)) fail("truncated header");
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    at_ += size;
    return s;
  }
  [[noreturn]] void fail(const char* what) const {
    throw InputError(fmt::format("{}: not a usable jisas-sim checkpoint ({})", path_, what));
  }
  std::uint64_t offset() const { return at_; }
  const std::vector<char>& bytes() const { return bytes_; }

 private:
  int fd_;
  std::string path_;
  std::uint64_t at_ = 0;
  std::vector<char> bytes_;
};

std::string shorten(const std::string& value) {
  return value.size() <= 40 ? value : value.substr(0, 37) + "...";
}

// Checks the header against this build and this run; returns where records start.
std::uint64_t check_header(int fd, const std::string& path, const RunIdentity& identity) {
  HeaderReader in(fd, path);
  char magic[8];
  for (char& c : magic) c = in.get<char>();
  if (std::memcmp(magic, kHeaderMagic, sizeof magic) != 0) in.fail("wrong magic number");
  if (!(in.get<Layout>() == Layout{})) {
    in.fail("written by a different jisas-sim build or platform");
  }
  const auto fields = in.get<std::uint64_t>();
  if (fields > 1000) in.fail("damaged header");
  RunIdentity found;
  for (std::uint64_t i = 0; i < fields; ++i) {
    std::string key = in.get_string();
    found.emplace_back(std::move(key), in.get_string());
  }
  const std::uint64_t hash = fnv1a_words(in.bytes());
  if (in.get<std::uint64_t>() != hash) in.fail("damaged header");
  for (const auto& [key, value] : identity) {
    const std::string& wanted =
        key;  // C++20 lambdas may not capture a structured binding in Clang 14
    auto it =
        std::find_if(found.begin(), found.end(), [&](const auto& f) { return f.first == wanted; });
    const std::string there = it == found.end() ? "(none)" : it->second;
    if (there != value) {
      throw InputError(
          fmt::format("{}: checkpoint of a different run: {} is '{}' there, '{}' here (use --force "
                      "without --resume to start over)",
                      path, key, shorten(there), shorten(value)));
    }
  }
  return in.offset();
}

void lock(int fd, const std::string& path) {
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    throw InputError(fmt::format("{}: checkpoint in use by another jisas-sim process", path));
  }
}

// The header goes to a temporary file renamed into place, so a journal either has a
// whole header or does not exist.
void create_journal(const std::string& path, const RunIdentity& identity) {
  const std::string temp = marked_temporary(path);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw InputError(system_error(path, "cannot create checkpoint"));
  const std::vector<char> header = encode_header(identity);
  try {
    write_all(fd, header.data(), header.size(), path);
    if (::fsync(fd) != 0) throw InputError(system_error(path, "cannot sync checkpoint"));
  } catch (...) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw;
  }
  ::close(fd);
  if (::link(temp.c_str(), path.c_str()) != 0) {  // unlike rename, never replaces `path`
    const int error = errno;
    ::unlink(temp.c_str());
    errno = error;
    throw InputError(system_error(path, "cannot create checkpoint"));
  }
  ::unlink(temp.c_str());
}

}  // namespace

Checkpoint::Checkpoint(std::string path, const RunIdentity& identity, Mode mode)
    : path_(std::move(path)), last_sync_(std::chrono::steady_clock::now()) {
  if (mode == Mode::Create) create_journal(path_, identity);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) {
    throw InputError(errno == ENOENT
                         ? fmt::format("{}: no checkpoint to resume (run without --resume)", path_)
                         : system_error(path_, "cannot open checkpoint"));
  }
  try {
    lock(fd_, path_);
    valid_end_ = check_header(fd_, path_, identity);
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

Checkpoint::~Checkpoint() {
  if (fd_ < 0) return;
  ::fsync(fd_);
  ::close(fd_);  // also releases the lock
}

std::int64_t Checkpoint::replay(const Replay& write) {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw InputError(system_error(path_, "cannot read checkpoint"));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  std::int64_t next = 0;
  std::vector<char> payload;
  while (valid_end_ < size) {
    RecordHeader h{};
    if (!read_at(fd_, valid_end_, &h, sizeof h, path_)) {  // shorter than a record header
      if (short_tail_is_torn(fd_, valid_end_, size, path_)) break;
      throw InputError(
          fmt::format("{}: damaged checkpoint (no record at byte {})", path_, valid_end_));
    }
    const std::uint64_t end = valid_end_ + sizeof h + h.payload_size;
    const char* problem = nullptr;
    if (std::memcmp(h.magic, kRecordMagic, sizeof h.magic) != 0) {
      problem = "no record";
    } else if (h.payload_size > size || end > size) {
      problem = "record longer than the file";
    } else {
      payload.resize(h.payload_size);
      read_at(fd_, valid_end_ + sizeof h, payload.data(), payload.size(), path_);
      if (fnv1a_words(payload) != h.payload_hash) problem = "bad checksum";
    }
    if (problem != nullptr) {
      const bool unstarted = std::strcmp(problem, "no record") == 0;
      if (!record_follows(fd_, valid_end_ + (unstarted ? 0 : 1), size, path_, unstarted)) break;
      throw InputError(
          fmt::format("{}: damaged checkpoint ({} at byte {})", path_, problem, valid_end_));
    }
    if (h.first_item != next) {
      throw InputError(fmt::format("{}: damaged checkpoint (block at item {}, expected {})", path_,
                                   h.first_item, next));
    }
    std::vector<analysis::CohortOutput> block = decode_block(payload, path_.c_str());
    write(next, block);
    next += static_cast<std::int64_t>(block.size());
    valid_end_ = end;
  }
  torn_tail_ = valid_end_ < size;
  if (torn_tail_ && ::ftruncate(fd_, static_cast<off_t>(valid_end_)) != 0) {
    throw InputError(system_error(path_, "cannot truncate checkpoint"));
  }
  return next;
}

void Checkpoint::append(std::int64_t first_item, std::span<const analysis::CohortOutput> block) {
  buffer_.assign(sizeof(RecordHeader), '\0');
  encode_block(block, buffer_);
  RecordHeader h{};
  std::memcpy(h.magic, kRecordMagic, sizeof h.magic);
  h.first_item = first_item;
  h.payload_size = buffer_.size() - sizeof h;
  h.payload_hash = fnv1a_words(std::span(buffer_).subspan(sizeof h));
  std::memcpy(buffer_.data(), &h, sizeof h);
  if (::lseek(fd_, static_cast<off_t>(valid_end_), SEEK_SET) < 0) {
    throw InputError(system_error(path_, "cannot write checkpoint"));
  }
  try {
    write_all(fd_, buffer_.data(), buffer_.size(), path_);
  } catch (const InputError&) {
    // A full disk: cut the partial record, so the journal holds exactly the saved blocks.
    [[maybe_unused]] const int cut = ::ftruncate(fd_, static_cast<off_t>(valid_end_));
    throw;
  }
  valid_end_ += buffer_.size();
  if (std::chrono::steady_clock::now() - last_sync_ >= std::chrono::seconds(1)) sync();
}

void Checkpoint::sync() {
  if (::fsync(fd_) != 0) throw InputError(system_error(path_, "cannot sync checkpoint"));
  last_sync_ = std::chrono::steady_clock::now();
}

void Checkpoint::remove() {
  ::close(fd_);
  fd_ = -1;
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

}  // namespace jisas::io
