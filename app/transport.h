// The transports of engine::Transport: MPI when this build has it (JISAS_WITH_MPI) and
// an MPI launcher started the process (its environment says so); otherwise one process.
#pragma once

#include <memory>

#include "engine/transport.h"

namespace jisas::app {

using engine::Transport;

// Lives until the end of main.
std::unique_ptr<Transport> make_transport(int& argc, char**& argv);

}  // namespace jisas::app
