// How the processes of one run talk. A plain run is one process; `mpirun -n R jisas-sim
// run` gives R ranks that split the cohort blocks round-robin while rank 0 gathers them in
// order and alone writes the file (docs/hpc.md). MPI is an optional build
// (JISAS_WITH_MPI); without it, or when not launched by an MPI launcher, there is one rank.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace jisas::app {

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

// MPI when this build has it and an MPI launcher started the process (its environment
// says so); otherwise the single-process transport. Lives until the end of main.
std::unique_ptr<Transport> make_transport(int& argc, char**& argv);

}  // namespace jisas::app
