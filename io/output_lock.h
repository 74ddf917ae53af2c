// Output files that cannot be clobbered (issue 17; docs/hpc.md, "Output files").
//
// A run (or merge) writing OUT.h5 holds an flock on `.OUT.h5.jisas-lock` beside it from
// before it touches anything until it ends, so a second run on the same output, with
// --force or --resume or not, is refused with one line instead of deleting the first
// run's journal and temporary file. The lock file holds the holder's pid and host for
// that line; a killed run leaves it behind, unlocked, and the next run reuses it.
//
// Temporary files carry a marker only jisas-sim writes, `.OUT.h5.jisas-tmp.PID.RANDOM`
// (and `.OUT.h5.checkpoint.jisas-tmp...` for a journal's header), and are removed only by
// a run that holds the lock, so never while their writer lives; a user's `OUT.h5.tmp-x` is
// never touched.
#pragma once

#include <string>

#include "engine/errors.h"

namespace jisas::io {

// publish() refused to replace a file that appeared at the output path during the run.
class OutputAppeared : public InputError {
 public:
  using InputError::InputError;
};

class OutputLock {
 public:
  // InputError if another process holds it ("OUT.h5 is being written by another
  // jisas-sim run (pid N on HOST)") or if the output's directory or name is unusable.
  explicit OutputLock(const std::string& output);
  ~OutputLock();  // removes the lock file, then releases the lock
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

// InputError, before any work, for an output that cannot be written: an existing
// directory, a symlink loop, a name too long, a missing directory; an existing file
// without `force`.
void check_output_path(const std::string& output, bool force);
// `DIR/.NAME.jisas-tmp.PID.RANDOM` for output `DIR/NAME` (`DIR/NAME.checkpoint`: the journal).
std::string marked_temporary(const std::string& output);
// Removes marked temporaries of `output` and of its journal but `keep`. Call only while
// holding the output's lock: then no live process owns them.
void remove_stale_temporaries(const std::string& output, const std::string& keep);
// Renames `temporary` to `output`; without `force`, never replaces a file that appeared
// meanwhile (renameat2 RENAME_NOREPLACE, else link + unlink): InputError then.
void publish(const std::string& temporary, const std::string& output, bool force);
// Why a write failed, for an error line: every way of running out of room (ENOSPC, a quota,
// a file size limit) reads "no space left on device", so scripts and users see one phrase.
std::string write_error_reason(int error);
// The path for an error line: a 5,000-character name is shortened in the middle.
std::string shown_path(const std::string& path);

}  // namespace jisas::io
