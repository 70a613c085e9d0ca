#include "dist/mpi_run.h"

#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <stdexcept>

#include "fl/simulation.h"
#include "privacy/remote_transport.h"

namespace fedsec::dist {
namespace {

constexpr int kFrameTag = 21;  // [client id, 4 bytes little-endian][frame], both ways
constexpr int kStopTag = 22;   // 0 -> rank: the run is over

Bytes addressed(int client, const Bytes& frame) {
  Bytes bytes(4 + frame.size());
  for (int i = 0; i < 4; ++i) bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(client >> (8 * i));
  std::copy(frame.begin(), frame.end(), bytes.begin() + 4);
  return bytes;
}

int client_of(const Bytes& bytes) {
  if (bytes.size() < 4) throw std::runtime_error("a truncated frame between MPI ranks");
  int client = 0;
  for (int i = 0; i < 4; ++i) client |= static_cast<int>(bytes[static_cast<size_t>(i)]) << (8 * i);
  return client;
}

// The clients on ranks 1 .. K-1, as rank 0 reaches them. The bytes counted are the frames, not
// the 4-byte client id in front of each.
class RankClients final : public privacy::RemoteClients {
 public:
  explicit RankClients(MpiWorld& world) : world_(world) {}
  // Tells every other rank that the run is over.
  ~RankClients() override {
    for (int rank = 1; rank < world_.size(); ++rank) {
      try {
        world_.send(rank, kStopTag, {});
      } catch (const std::exception& e) {
        spdlog::warn("rank {}: could not say the run is over ({})", rank, e.what());
      }
    }
  }

  std::map<int, fl::Bytes> round_trip(const std::map<int, fl::Bytes>& outgoing, int64_t& up,
                                      int64_t& down) override {
    std::vector<Bytes> sent;
    sent.reserve(outgoing.size());
    for (const auto& [client, frame] : outgoing) {
      sent.push_back(addressed(client, frame));
      world_.start_send(rank_of_client(client, world_.size()), kFrameTag, sent.back());
      down += static_cast<int64_t>(frame.size());
    }
    // Replies are taken as they come, from whichever rank is ready first.
    std::map<int, fl::Bytes> replies;
    for (size_t k = 0; k < outgoing.size(); ++k) {
      int from = 0;
      Bytes reply = world_.receive(MpiWorld::kAny, kFrameTag, &from);
      const int client = client_of(reply);
      if (outgoing.count(client) == 0 || replies.count(client) > 0 ||
          rank_of_client(client, world_.size()) != from)
        throw std::runtime_error("rank " + std::to_string(from) + " answered for client " +
                                 std::to_string(client) + ", which it was not asked about");
      up += static_cast<int64_t>(reply.size()) - 4;
      replies.emplace(client, Bytes(reply.begin() + 4, reply.end()));
    }
    world_.wait_all();
    return replies;
  }
  int64_t take_lost() override { return 0; }  // a lost rank ends the job

 private:
  MpiWorld& world_;
};

// Ranks 1 .. K-1: answer every frame for their clients until rank 0 says the run is over.
void serve_clients(const fl::Config& config, const fl::Registry& registry, MpiWorld& world) {
  fl::Simulation simulation(config, registry);
  std::map<int, std::unique_ptr<privacy::ClientEndpoint>> endpoints;
  while (true) {
    int tag = 0;
    const Bytes message = world.receive(0, MpiWorld::kAny, nullptr, &tag);
    if (tag == kStopTag) return;
    const int client = client_of(message);
    if (rank_of_client(client, world.size()) != world.rank())
      throw std::runtime_error("rank " + std::to_string(world.rank()) + " got a frame for client " +
                               std::to_string(client) + ", which it does not host");
    auto& endpoint = endpoints[client];
    if (!endpoint) endpoint = std::make_unique<privacy::ClientEndpoint>(simulation, config, client);
    world.send(0, kFrameTag, addressed(client, endpoint->answer(Bytes(message.begin() + 4, message.end()))));
  }
}

}  // namespace

int rank_of_client(int client, int ranks) { return 1 + client % (ranks - 1); }

nlohmann::json run_experiment_on_ranks(const fl::Config& config, const fl::Registry& registry,
                                       const std::string& out_dir, MpiWorld& world,
                                       const fl::RoundCallback& on_round) {
  if (world.size() < 2) throw std::logic_error("run_experiment_on_ranks needs at least two ranks");
  privacy::check_remote_transport(config);
  if (world.rank() != 0) {
    serve_clients(config, registry, world);
    return nullptr;
  }
  spdlog::info("experiment on {} ranks: the server on rank 0, the clients on ranks 1-{}", world.size(),
               world.size() - 1);
  fl::Registry on_ranks = registry;
  on_ranks.add_transport(config.get_string("transport.name"), [&world](const fl::Config& c) {
    return privacy::make_remote_transport(std::make_unique<RankClients>(world), c);
  });
  return fl::run_experiment(config, on_ranks, out_dir, on_round);
}

}  // namespace fedsec::dist
