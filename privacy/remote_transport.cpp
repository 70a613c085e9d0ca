#include "privacy/remote_transport.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "fl/errors.h"
#include "privacy/channel_transport.h"
#include "privacy/secagg_transport.h"
#include "privacy/secure/randomness.h"
#include "privacy/secure/secagg_round.h"

namespace fedsec::privacy {
namespace {

// Whether a server frame is a global-model message: it begins with the message encoding's magic,
// which no secure-aggregation message does (they begin with their type tag).
bool is_global_model(const fl::Bytes& frame) {
  static const fl::Bytes magic = [] {
    fl::Bytes encoded = fl::encode(fl::Message{});
    encoded.resize(4);
    return encoded;
  }();
  return frame.size() >= magic.size() && std::equal(magic.begin(), magic.end(), frame.begin());
}

// The round's participants in their processes: the global model goes down as the request for
// AdvertiseKeys, every later server message as the request for the next stage.
class RemoteParticipants final : public secure::SecAggClientGroup {
 public:
  RemoteParticipants(RemoteClients& connections, const std::vector<int>& participants, const fl::Bytes& model,
                     int64_t& up, int64_t& down)
      : connections_(connections), participants_(participants), model_(model), up_(up), down_(down) {}

  std::map<int, secure::Bytes> step(secure::SecAggStage,
                                    const std::map<int, secure::Bytes>* replies) override {
    std::map<int, fl::Bytes> outgoing;
    if (replies) {
      outgoing = *replies;
    } else {
      for (int client : participants_) outgoing.emplace(client, model_);
    }
    std::map<int, fl::Bytes> inbox = connections_.round_trip(outgoing, up_, down_);
    for (auto it = inbox.begin(); it != inbox.end();)
      it = it->second.empty() ? inbox.erase(it) : std::next(it);  // out of the round
    return inbox;
  }

 private:
  RemoteClients& connections_;
  const std::vector<int>& participants_;
  const fl::Bytes& model_;
  int64_t& up_;
  int64_t& down_;
};

// What every transport to clients in other processes shares: they exchange whole rounds of frames
// through `clients`, never single messages, and a client lost on the way counts as a rejection.
class RemoteTransport : public fl::Transport {
 public:
  explicit RemoteTransport(std::unique_ptr<RemoteClients> clients) : clients_(std::move(clients)) {}

  bool runs_clients_remotely() const override { return true; }
  fl::Bytes to_client(int, fl::Bytes) override { throw std::logic_error(kRemoteOnly); }
  fl::Bytes to_server(int, fl::Bytes) override { throw std::logic_error(kRemoteOnly); }
  int64_t take_rejections() override { return clients_->take_lost(); }

 protected:
  RemoteClients& remote() { return *clients_; }

 private:
  static constexpr const char* kRemoteOnly =
      "messages to clients in other processes travel as frames of a whole round";
  std::unique_ptr<RemoteClients> clients_;
};

// transport.name plain or channel: each participant answers the global model with its update.
// With channel, both travel sealed in the run's channels (privacy/channel_transport.h), keyed
// from the seed as in process, so the frames and the bytes they add are the in-process run's; a
// reply that fails to open is counted as rejected and left out.
class RemoteUpdateTransport final : public RemoteTransport {
 public:
  RemoteUpdateTransport(std::unique_ptr<RemoteClients> clients,
                        std::unique_ptr<secure::ChannelNetwork> channels)
      : RemoteTransport(std::move(clients)), channels_(std::move(channels)) {}

  void begin_round(int round, const std::vector<int>& participants) override {
    if (channels_) channels_->begin_round(round, participants);
  }
  std::vector<fl::Bytes> exchange(const std::vector<int>& clients, const fl::Bytes& down) override {
    std::map<int, fl::Bytes> outgoing;
    for (int client : clients)
      outgoing.emplace(client, channels_ ? channels_->server_seal(client, kChannelGlobalModel, down) : down);
    int64_t up_bytes = 0, down_bytes = 0;
    std::map<int, fl::Bytes> replies = remote().round_trip(outgoing, up_bytes, down_bytes);
    count_up(up_bytes);
    count_down(down_bytes);
    std::vector<fl::Bytes> ordered(clients.size());
    for (size_t i = 0; i < clients.size(); ++i) {
      auto it = replies.find(clients[i]);
      if (it == replies.end()) continue;  // lost: counted by take_lost()
      if (it->second.empty()) {
        if (channels_) ++rejected_;  // the client could not open the model, as in process
        continue;
      }
      if (!channels_) {
        ordered[i] = std::move(it->second);
        continue;
      }
      secure::Opened update = channels_->server_open(clients[i], it->second);
      if (update.ok())
        ordered[i] = std::move(*update.plaintext);
      else
        ++rejected_;  // the channel logged why
    }
    return ordered;
  }
  int64_t take_rejections() override {
    return RemoteTransport::take_rejections() + std::exchange(rejected_, 0);
  }

 private:
  std::unique_ptr<secure::ChannelNetwork> channels_;  // null for plain
  int64_t rejected_ = 0;
};

// transport.name secagg or secagg+: the participants sum their offers by secure aggregation.
class RemoteSecAggTransport final : public RemoteTransport {
 public:
  RemoteSecAggTransport(std::unique_ptr<RemoteClients> clients, const fl::Config& config)
      : RemoteTransport(std::move(clients)), config_(config) {
    check_secagg_config(config_);
  }

  bool reveals_only_sum() const override { return true; }
  fl::SecureSum exchange_for_sum(int round, const std::vector<int>& clients, const fl::Bytes& down,
                                 size_t length) override {
    const secure::SecAggConfig config = secagg_round_config(config_, static_cast<int>(clients.size()));
    std::unique_ptr<secure::SecAggSetup> setup;
    try {
      setup = std::make_unique<secure::SecAggSetup>(config, round, clients, length);
    } catch (const secure::SecAggConfigError& e) {
      return unrunnable_round(e);
    }
    int64_t up = 0, down_bytes = 0;
    RemoteParticipants participants(remote(), clients, down, up, down_bytes);
    secure::SecAggResult result;
    secure::serve_secure_aggregation(*setup, secure::round_codec(config, clients.size()), participants,
                                     result);
    count_up(up);
    count_down(down_bytes);
    return to_secure_sum(std::move(result));
  }

 private:
  fl::Config config_;
};

// The network of authenticated channels that transport.name: channel uses, or none.
std::unique_ptr<secure::ChannelNetwork> channels_for(const fl::Config& config) {
  if (config.get_string("transport.name") != "channel") return nullptr;
  return std::make_unique<secure::ChannelNetwork>(
      channel_keys(static_cast<uint64_t>(config.get_int("seed"))));
}

}  // namespace

void check_remote_transport(const fl::Config& config) {
  const std::string& transport = config.get_string("transport.name");
  if (transport != "plain" && transport != "channel" && !uses_secure_aggregation(config))
    throw UsageError(
        "clients in other processes run transport.name plain, channel, secagg or secagg+; "
        "transport.name: " +
        transport + " runs only in process");
}

std::unique_ptr<fl::Transport> make_remote_transport(std::unique_ptr<RemoteClients> clients,
                                                     const fl::Config& config) {
  check_remote_transport(config);
  if (uses_secure_aggregation(config))
    return std::make_unique<RemoteSecAggTransport>(std::move(clients), config);
  return std::make_unique<RemoteUpdateTransport>(std::move(clients), channels_for(config));
}

ClientEndpoint::ClientEndpoint(fl::Simulation& simulation, const fl::Config& config, int client)
    : simulation_(simulation),
      config_(config),
      client_(client),
      secure_sum_(uses_secure_aggregation(config)) {
  check_remote_transport(config);
  channel_ = channels_for(config);
}

ClientEndpoint::~ClientEndpoint() = default;

fl::Bytes ClientEndpoint::answer(const fl::Bytes& frame) {
  if (channel_) return answer_sealed(frame);
  if (!secure_sum_) {
    ++rounds_;
    return simulation_.answer(client_, frame);
  }
  return is_global_model(frame) ? start_round(frame) : next_message(&frame);
}

fl::Bytes ClientEndpoint::answer_sealed(const fl::Bytes& frame) {
  // The frame names its round in its header; open() then authenticates that header.
  const std::optional<int32_t> round = secure::frame_round(frame);
  if (!round) {
    spdlog::warn("client {}: a frame of {} bytes is too short for the secure channel", client_, frame.size());
    return {};
  }
  channel_->begin_round(*round, {client_});
  secure::Opened model = channel_->client_open(client_, frame);
  if (!model.ok()) return {};  // the channel logged why; the server gets no update
  ++rounds_;
  return channel_->client_seal(client_, kChannelClientUpdate, simulation_.answer(client_, *model.plaintext));
}

fl::Bytes ClientEndpoint::start_round(const fl::Bytes& model) {
  protocol_.reset();
  setup_.reset();
  ++rounds_;
  fl::Simulation::SumOffer offer = simulation_.offer(client_, model);
  round_config_ = secagg_round_config(config_, static_cast<int>(offer.participants.size()));
  round_config_.system_randomness = true;
  try {
    setup_ = std::make_unique<secure::SecAggSetup>(round_config_, offer.round, offer.participants,
                                                   offer.vector.size());
    const secure::FixedPointCodec codec = secure::round_codec(round_config_, offer.participants.size());
    protocol_ = std::make_unique<secure::SecAggClient>(*setup_, client_, codec.encode(offer.vector),
                                                       secure::Randomness::system());
  } catch (const std::exception& e) {
    spdlog::warn("client {}: cannot take part in round {} ({})", client_, offer.round, e.what());
    return {};
  }
  stage_ = secure::SecAggStage::AdvertiseKeys;
  return next_message(nullptr);
}

fl::Bytes ClientEndpoint::next_message(const fl::Bytes* from_server) {
  if (!protocol_) return {};  // out of this round
  using secure::SecAggStage;
  const int round = setup_->round();
  fl::Bytes message;
  try {
    switch (stage_) {
      case SecAggStage::AdvertiseKeys:
        message = protocol_->advertise_keys();
        break;
      case SecAggStage::ShareKeys:
        message = protocol_->share_keys(*from_server);
        break;
      case SecAggStage::MaskedInputCollection:
        message = protocol_->masked_input(*from_server);
        break;
      case SecAggStage::ConsistencyCheck:
        message = protocol_->consistency_check(*from_server);
        break;
      case SecAggStage::Unmasking:
        message = protocol_->unmask(*from_server);
        break;
    }
  } catch (const std::exception& e) {  // ProtocolAbort, FormatError, CryptoError, a call out of order
    spdlog::warn("client {}: leaves secure aggregation of round {} in {} ({})", client_, round,
                 secure::to_string(stage_), e.what());
    protocol_.reset();
    return {};
  }
  if (stage_ == SecAggStage::Unmasking || secure::drops_after(round_config_, stage_, round, client_)) {
    protocol_.reset();  // done, or gone after this message as the dropout rates say
  } else {
    stage_ = static_cast<SecAggStage>(static_cast<int>(stage_) + 1);
  }
  return message;
}

}  // namespace fedsec::privacy
