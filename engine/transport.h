// How the processes of one run talk. A plain run is one process; `mpirun -n R jisas-sim
// run` gives R ranks that split the cohort blocks round-robin while rank 0 gathers them in
// order and alone writes the file (docs/hpc.md). The engine sees only bytes; the
// implementations (one process, MPI) live with the command line (app/transport.h).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace jisas::engine {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Rank 0's value, on every rank.
  virtual std::int64_t broadcast(std::int64_t value) = 0;
  // One message to rank 0; rank 0 receives a rank's messages in the order it sent them.
  virtual void send_to_root(std::span<const char> bytes) = 0;
  virtual std::vector<char> receive_from(int rank) = 0;
  // Ends every rank of the job with `code` (an interrupted or failed MPI run).
  [[noreturn]] virtual void abort(int code) = 0;
};

}  // namespace jisas::engine
