#pragma once
// One experiment across MPI ranks (mpirun -np K fedsec run CONFIG --out DIR), K >= 2. Rank 0 is the
// server and alone writes the results; client c lives on rank 1 + c mod (K - 1), whose process
// loads the same config and runs the simulator's own client step. Each round rank 0 sends the
// participants' frames to their ranks and gathers the replies through privacy/remote_transport.h,
// so transport.name plain, secagg and secagg+ work as they do across TLS connections, and the
// frames' bytes are counted. For the same config and seed every round's results equal the
// in-process run's, wall-clock fields aside. A rank that fails ends the whole job (MPI_Abort).

#include <nlohmann/json.hpp>

#include <string>

#include "dist/mpi_world.h"
#include "fl/experiment.h"

namespace fedsec::dist {

// The rank that hosts `client` in a world of `ranks` processes (ranks >= 2).
int rank_of_client(int client, int ranks);

// Runs `config` with the world's ranks. Returns the summary (as fl::run_experiment) on rank 0 and
// null on the other ranks, once the run is over. Throws UsageError on a config whose transport
// cannot run with clients in other processes (channel) or whose attack needs other clients'
// updates.
nlohmann::json run_experiment_on_ranks(const fl::Config& config, const fl::Registry& registry,
                                       const std::string& out_dir, MpiWorld& world,
                                       const fl::RoundCallback& on_round = {});

}  // namespace fedsec::dist
