// libhdf5 1.10's own parser can crash on a damaged file (a flipped bit in a global heap
// makes H5HG_read copy past its buffer: about 0.5% of single-bit flips of a small result
// file), before any check of ours can see the damage. So every read of a result file is
// first run in a forked probe process: if the probe dies, the file is refused with one
// line; if it lives, the same read runs again in this process, where it does the same.
#pragma once

#include <functional>
#include <string>

namespace jisas::io {

// Runs `read` in a child process, with a CPU time limit (libhdf5 can also hang on one) (its output
// ignored: the caller runs it again where it needs the result). Throws
// InputError("PATH: damaged result file (...)") if the child crashes, and the child's own
// InputError if `read` threw one there (the file is not read again here); returns whether
// `read` completed without an exception (false: it threw something else, which the caller's
// own read reports). Without fork (it fails) the read is left to the caller alone
// (false).
bool probe_hdf5_read(const std::string& path, const std::function<void()>& read);

// How many probes have crashed in this process (tests/fuzz/fuzz_result.cpp reports it).
long crashed_hdf5_probes();

}  // namespace jisas::io
