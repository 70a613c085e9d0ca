// `transport.name: channel` in the simulator: same model as plain bytes, frames counted, and
// a frame attacked on the wire is rejected, counted and never aggregated.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "privacy/channel_transport.h"
#include "privacy/secure/channel.h"
#include "support/test_config.h"

namespace fedsec::privacy {
namespace {

constexpr int kVictim = 2;

// Tiny runs in which every client takes part in both rounds, so the victim always does.
fl::Config config(const std::string& transport, const fl::Registry& registry = testing::registry()) {
  return fl::Config::parse("",
                           {{"data.max_train_samples", "300"},
                            {"data.max_test_samples", "200"},
                            {"model.name", "logreg"},
                            {"partition.name", "iid"},
                            {"partition.num_clients", "6"},
                            {"federation.clients_per_round", "6"},
                            {"federation.rounds", "2"},
                            {"transport.name", transport}},
                           registry.schema(), "test");
}

struct ChannelOutcome {
  torch::Tensor params;
  std::vector<fl::RoundRecord> rounds;
};

ChannelOutcome run(const fl::Config& c, const fl::Registry& registry) {
  fl::Simulation s(c, registry);
  ChannelOutcome r;
  while (!s.finished()) r.rounds.push_back(s.run_round());
  r.params = s.global_params().clone();
  return r;
}

// Flips one byte of the victim's update frame in round 1 (or, with `downlink`, of the model
// frame sent to it).
class TamperingChannel final : public ChannelTransport {
 public:
  TamperingChannel(uint64_t seed, bool downlink) : ChannelTransport(seed), downlink_(downlink) {}
  void begin_round(int round, const std::vector<int>& participants) override {
    round_ = round;
    ChannelTransport::begin_round(round, participants);
  }

 protected:
  void on_wire(int client, bool to_server, secure::Bytes& frame) override {
    if (client == kVictim && round_ == 1 && to_server != downlink_) frame[frame.size() / 2] ^= 0x01;
  }

 private:
  bool downlink_;
  int round_ = 0;
};

// Replays the victim's round-1 update frame in place of its round-2 one.
class ReplayingChannel final : public ChannelTransport {
 public:
  using ChannelTransport::ChannelTransport;

 protected:
  void on_wire(int client, bool to_server, secure::Bytes& frame) override {
    if (client != kVictim || !to_server) return;
    if (captured_.empty())
      captured_ = frame;
    else
      frame = captured_;
  }

 private:
  secure::Bytes captured_;
};

// Plain bytes, except that the victim's round-1 update (or model) is lost.
class LosingTransport final : public fl::Transport {
 public:
  explicit LosingTransport(bool downlink) : downlink_(downlink) {}
  void begin_round(int round, const std::vector<int>&) override { round_ = round; }
  fl::Bytes to_client(int client, fl::Bytes bytes) override {
    count_down(static_cast<int64_t>(bytes.size()));
    return downlink_ && lost(client) ? fl::Bytes{} : bytes;
  }
  fl::Bytes to_server(int client, fl::Bytes bytes) override {
    count_up(static_cast<int64_t>(bytes.size()));
    return !downlink_ && lost(client) ? fl::Bytes{} : bytes;
  }

 private:
  bool lost(int client) const { return client == kVictim && round_ == 1; }
  bool downlink_;
  int round_ = 0;
};

TEST(ChannelTransport, TrainsTheSameModelAsPlainBytesAndCountsFrames) {
  const ChannelOutcome plain = run(config("plain"), testing::registry());
  const ChannelOutcome channel = run(config("channel"), testing::registry());
  EXPECT_TRUE(plain.params.equal(channel.params));
  for (size_t r = 0; r < plain.rounds.size(); ++r) {
    const auto messages = static_cast<int64_t>(plain.rounds[r].participants.size());
    EXPECT_EQ(channel.rounds[r].bytes_up, plain.rounds[r].bytes_up + messages * secure::kFrameOverhead);
    EXPECT_EQ(channel.rounds[r].bytes_down, plain.rounds[r].bytes_down + messages * secure::kFrameOverhead);
    EXPECT_EQ(channel.rounds[r].rejected_messages, 0);
  }
}

TEST(ChannelTransport, ATamperedFrameIsRejectedCountedAndNeverAggregated) {
  const ChannelOutcome clean = run(config("channel"), testing::registry());
  for (const bool downlink : {false, true}) {
    fl::Registry registry = make_registry();
    registry.add_transport("tampering", [downlink](const fl::Config& c) {
      return std::make_unique<TamperingChannel>(static_cast<uint64_t>(c.get_int("seed")), downlink);
    });
    registry.add_transport(
        "losing", [downlink](const fl::Config&) { return std::make_unique<LosingTransport>(downlink); });
    const ChannelOutcome attacked = run(config("tampering", registry), registry);
    const ChannelOutcome lost = run(config("losing", registry), registry);
    EXPECT_EQ(attacked.rounds[0].rejected_messages, 1) << downlink;
    EXPECT_EQ(attacked.rounds[1].rejected_messages, 0) << downlink;
    EXPECT_EQ(attacked.rounds[0].nonfinite_updates, 0) << downlink;
    // Exactly as if the victim's message had never been sent, and unlike the clean run.
    EXPECT_TRUE(attacked.params.equal(lost.params)) << downlink;
    EXPECT_FALSE(attacked.params.equal(clean.params)) << downlink;
  }
}

TEST(ChannelTransport, AReplayedFrameIsRejected) {
  fl::Registry registry = make_registry();
  registry.add_transport("replaying", [](const fl::Config& c) {
    return std::make_unique<ReplayingChannel>(static_cast<uint64_t>(c.get_int("seed")));
  });
  const ChannelOutcome replayed = run(config("replaying", registry), registry);
  EXPECT_EQ(replayed.rounds[0].rejected_messages, 0);
  EXPECT_EQ(replayed.rounds[1].rejected_messages, 1);
}

}  // namespace
}  // namespace fedsec::privacy
