// The MPI transport (OpenMPI from Debian). Only the writer stage of rank 0 receives and
// only the writer stage of the other ranks sends, one thread at a time, so
// MPI_THREAD_SERIALIZED is enough.
#include <mpi.h>

#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "app/transport.h"
#include "engine/errors.h"

namespace jisas::app {

std::unique_ptr<Transport> make_local_transport();

namespace {

constexpr int kBlockTag = 1;

// Launched by mpirun/mpiexec (OpenMPI, PMIx) or srun (PMI)? Then, and only then, MPI
// is initialised, so a plain run does not pay for (or depend on) an MPI runtime.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

class MpiTransport final : public Transport {
 public:
  MpiTransport(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    if (provided < MPI_THREAD_SERIALIZED) {
      MPI_Abort(MPI_COMM_WORLD, kExitInternalError);
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  ~MpiTransport() override { MPI_Finalize(); }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::int64_t broadcast(std::int64_t value) override {
    MPI_Bcast(&value, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    return value;
  }
  void send_to_root(std::span<const char> bytes) override {
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      internal_error("block larger than 2 GiB for MPI_Send");
    }
    MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kBlockTag, MPI_COMM_WORLD);
  }
  std::vector<char> receive_from(int source) override {
    MPI_Status status;
    MPI_Probe(source, kBlockTag, MPI_COMM_WORLD, &status);
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    std::vector<char> bytes(static_cast<std::size_t>(count));
    MPI_Recv(bytes.data(), count, MPI_BYTE, source, kBlockTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return bytes;
  }
  [[noreturn]] void abort(int code) override {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::exit(code);
  }

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace

std::unique_ptr<Transport> make_transport(int& argc, char**& argv) {
  if (!launched_by_mpi()) return make_local_transport();
  return std::make_unique<MpiTransport>(argc, argv);
}

}  // namespace jisas::app
