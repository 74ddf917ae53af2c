#include "io/output_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "engine/errors.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)  // linux/fs.h; glibc 2.28+ declares it in stdio.h
#endif

namespace jisas::io {
namespace {

namespace fs = std::filesystem;

// `DIR/.NAME.SUFFIX` beside `DIR/NAME`.
std::string hidden_sibling(const std::string& output, const std::string& suffix) {
  const fs::path p(output);
  return (p.parent_path() / fmt::format(".{}{}", p.filename().string(), suffix)).string();
}

[[noreturn]] void fail_path(const std::string& output, const char* what, int error) {
  throw InputError(fmt::format("{}: {}: {}", shown_path(output), what, std::strerror(error)));
}

// " (pid N on HOST)" as the holder wrote it, or "" if it has not yet.
std::string holder_of(int fd) {
  char text[256] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  std::string holder = n > 0 ? std::string(text, static_cast<std::size_t>(n)) : "";
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
  return holder.empty() ? "" : fmt::format(" ({})", holder);
}

// The lock file may have been unlinked by a holder that finished between our open and
// flock: the lock we got is then on a dead inode, and we must take the new one.
bool still_linked(int fd, const std::string& path) {
  struct stat by_fd {};
  struct stat by_name {};
  return ::fstat(fd, &by_fd) == 0 && ::stat(path.c_str(), &by_name) == 0 &&
         by_fd.st_dev == by_name.st_dev && by_fd.st_ino == by_name.st_ino;
}

void write_holder(int fd) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string text = fmt::format("pid {} on {}\n", ::getpid(), host);
  // Informational only (the message of a refused run): a failure here changes nothing.
  if (::ftruncate(fd, 0) != 0) return;
  [[maybe_unused]] const ssize_t written = ::pwrite(fd, text.data(), text.size(), 0);
}

[[noreturn]] void appeared(const std::string& output) {
  throw OutputAppeared(fmt::format(
      "{}: a file of that name appeared during the run and was not replaced", shown_path(output)));
}

}  // namespace

OutputLock::OutputLock(const std::string& output) : path_(hidden_sibling(output, ".jisas-lock")) {
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd_ < 0) fail_path(output, "cannot create output file", errno);
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = holder_of(fd_);
      ::close(fd_);
      if (error != EWOULDBLOCK) fail_path(output, "cannot lock output file", error);
      throw InputError(fmt::format("{} is being written by another jisas-sim run{}",
                                   shown_path(output), holder));
    }
    if (still_linked(fd_, path_)) break;
    ::close(fd_);
  }
  write_holder(fd_);
}

OutputLock::~OutputLock() {
  // Unlink while still holding the lock: a process that opened this inode meanwhile
  // sees it unlinked once it gets the lock (still_linked) and starts over.
  ::unlink(path_.c_str());
  ::close(fd_);
}

void check_output_path(const std::string& output, bool force) {
  struct stat st {};
  if (::lstat(output.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    fail_path(output, "cannot write output file", errno);  // ENAMETOOLONG, ELOOP, ENOTDIR
  }
  if (S_ISLNK(st.st_mode) && ::stat(output.c_str(), &st) != 0 && errno != ENOENT) {
    fail_path(output, "cannot write output file", errno);  // a link in a loop
  }
  if (S_ISDIR(st.st_mode)) {
    throw InputError(fmt::format("{}: is a directory (name a file to write)", shown_path(output)));
  }
  if (!force) {
    throw InputError(
        fmt::format("{}: output file exists (use --force to replace it)", shown_path(output)));
  }
}

std::string marked_temporary(const std::string& output) {
  std::random_device device;
  return hidden_sibling(output, fmt::format(".jisas-tmp.{}.{:08x}", ::getpid(), device()));
}

void remove_stale_temporaries(const std::string& output, const std::string& keep) {
  const fs::path target(output);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : ".";
  const std::string name = target.filename().string();
  const std::string prefixes[] = {fmt::format(".{}.jisas-tmp.", name),
                                  fmt::format(".{}.checkpoint.jisas-tmp.", name)};
  const std::string kept = fs::path(keep).filename().string();
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(dir, ignored)) {
    const std::string file = entry.path().filename().string();
    for (const std::string& prefix : prefixes) {
      if (file.starts_with(prefix) && file != kept) fs::remove(entry.path(), ignored);
    }
  }
}

void publish(const std::string& temporary, const std::string& output, bool force) {
  const char* from = temporary.c_str();
  const char* to = output.c_str();
  if (force) {
    if (::rename(from, to) != 0) fail_path(output, "cannot replace output file", errno);
    return;
  }
  if (::syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) appeared(output);
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
    fail_path(output, "cannot rename the finished output file", errno);
  }
  // No RENAME_NOREPLACE on this filesystem (older NFS, some FUSE): link never replaces.
  if (::link(from, to) == 0) {
    ::unlink(from);
    return;
  }
  if (errno == EEXIST) appeared(output);
  if (errno != EPERM && errno != EOPNOTSUPP) fail_path(output, "cannot create output file", errno);
  // Nor hard links (vfat, some object stores): check, then rename; only here can a file
  // that appears in between be replaced.
  struct stat st {};
  if (::lstat(to, &st) == 0) appeared(output);
  if (::rename(from, to) != 0) fail_path(output, "cannot create output file", errno);
}

std::string write_error_reason(int error) {
  if (error == ENOSPC) return "no space left on device";
  if (error == EDQUOT || error == EFBIG) {
    return fmt::format("no space left on device ({})", std::strerror(error));
  }
  return std::strerror(error);
}

std::string shown_path(const std::string& path) {
  if (path.size() <= 160) return path;
  return fmt::format("{}...{} ({} characters)", path.substr(0, 80), path.substr(path.size() - 40),
                     path.size());
}

}  // namespace jisas::io
