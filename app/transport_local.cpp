// The transport of a single process; with JISAS_WITH_MPI, app/transport_mpi.cpp
// takes over when an MPI launcher started the process.
#include <cstdlib>

#include "app/transport.h"
#include "engine/errors.h"

namespace jisas::app {

class LocalTransport final : public Transport {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::int64_t broadcast(std::int64_t value) override { return value; }
  void send_to_root(std::span<const char>) override {
    internal_error("send_to_root in a single-process run");
  }
  std::vector<char> receive_from(int) override {
    internal_error("receive_from in a single-process run");
  }
  [[noreturn]] void abort(int code) override { std::exit(code); }
};

std::unique_ptr<Transport> make_local_transport() {
  return std::make_unique<LocalTransport>();
}

#ifndef JISAS_WITH_MPI
std::unique_ptr<Transport> make_transport(int&, char**&) {
  return make_local_transport();
}
#endif

}  // namespace jisas::app
