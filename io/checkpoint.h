// The checkpoint of a run in progress (docs/hpc.md, "Checkpoint and resume"): an
// append-only journal beside the output, `OUTPUT.checkpoint`, holding every finished block
// of cohorts in order. HDF5 files are not crash-consistent (a process killed while HDF5
// updates its metadata can leave the whole file unreadable), so the durable state is this
// journal and the HDF5 file is rebuilt from it on `--resume`.
//
// Layout: a header (magic, format version, record sizes, the run's identity) written
// atomically by rename, then records [magic, first item, payload size, FNV-1a of payload,
// payload]. Each record goes out in one write(2), so a process killed at any moment
// leaves whole records plus at most one torn record at the end, which resume discards.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "analysis/cohort/records.h"

namespace jisas::io {

// What must be equal for a checkpoint to continue a run: (name, value) pairs such as the
// scenario text, seed, cohorts, shard and jisas-sim version. The thread count is not
// among them: results do not depend on it.
using RunIdentity = std::vector<std::pair<std::string, std::string>>;

class Checkpoint {
 public:
  enum class Mode { Create, Resume };
  // Create: a new journal at `path`, which must not exist. Resume: opens the journal at
  // `path` and checks it belongs to `identity`. Either way the journal is locked
  // against a second process. InputError for anything wrong, naming the file.
  Checkpoint(std::string path, const RunIdentity& identity, Mode mode);
  ~Checkpoint();
  Checkpoint(const Checkpoint&) = delete;
  Checkpoint& operator=(const Checkpoint&) = delete;

  // Resume only: passes every whole record's block to `write` in order, discards a torn
  // last record, and returns the item after the last replayed one. InputError if a record
  // is damaged or out of order.
  using Replay = std::function<void(std::int64_t first_item, std::vector<analysis::CohortOutput>&)>;
  std::int64_t replay(const Replay& write);

  // Appends one finished block, syncing to disk at most once a second (a killed process
  // loses nothing that write(2) returned; a crashed node loses at most the last second).
  void append(std::int64_t first_item, std::span<const analysis::CohortOutput> block);
  void sync();
  void remove();  // the run is complete: the journal is no longer needed

  const std::string& path() const { return path_; }
  bool torn_tail() const { return torn_tail_; }  // replay discarded a torn last record

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t valid_end_ = 0;  // end of the header or of the last whole record
  bool torn_tail_ = false;
  std::chrono::steady_clock::time_point last_sync_;
  std::vector<char> buffer_;
};

}  // namespace jisas::io
