#include "fl/simulation.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "fl/all_finite.h"
#include "fl/errors.h"
#include "fl/model_factory.h"
#include "fl/rng.h"

namespace fedsec::fl {

struct Simulation::ClientResult {
  // The update as the server received it, or as the client offered it to a summing transport.
  Message reply;
};

// What a client learns about the round besides its own task.
struct Simulation::RoundView {
  int participants = 0;
  int attackers = 0;
  const torch::Tensor* honest_updates = nullptr;  // for omniscient attackers
};

namespace {

Shards make_shards(const Config& c, const Dataset& train, uint64_t seed) {
  const auto clients = static_cast<int>(c.get_int("partition.num_clients"));
  const std::string& name = c.get_string("partition.name");
  const uint64_t s = derive_seed(seed, "partition");
  const auto min_samples = static_cast<int>(c.get_int("partition.min_samples"));
  try {
    if (name == "iid") return partition_iid(train.size(), clients, s);
    if (name == "dirichlet")
      return partition_dirichlet(train.label_list, train.num_classes, clients,
                                 c.get_double("partition.alpha"), min_samples, s);
    if (name == "shards")
      return partition_shards(train.label_list, clients,
                              static_cast<int>(c.get_int("partition.shards_per_client")), s);
    return partition_quantity_skew(train.size(), clients, c.get_double("partition.alpha"), min_samples, s);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("partition: ") + e.what());
  }
}

void check_constraints(const Config& c) {
  const int64_t clients = c.get_int("partition.num_clients");
  if (c.get_int("federation.clients_per_round") > clients)
    throw UsageError(
        "federation.clients_per_round = " + std::to_string(c.get_int("federation.clients_per_round")) +
        " exceeds partition.num_clients = " + std::to_string(clients));
  if (c.get_int("attack.num_clients") > clients)
    throw UsageError("attack.num_clients = " + std::to_string(c.get_int("attack.num_clients")) +
                     " exceeds partition.num_clients = " + std::to_string(clients));
}

// The attacking clients: f of them drawn from the seed, or the first f.
std::vector<int> choose_attackers(const Config& c, int clients, uint64_t seed) {
  const auto f = static_cast<int>(c.get_int("attack.num_clients"));
  std::vector<int> ids(static_cast<size_t>(clients));
  for (int i = 0; i < clients; ++i) ids[static_cast<size_t>(i)] = i;
  if (c.get_string("attack.placement") == "random") {
    Rng rng = make_rng(seed, "attackers");
    for (int i = 0; i < f; ++i)  // partial Fisher-Yates: ids[0 .. f-1] become a uniform f-subset
      std::swap(ids[static_cast<size_t>(i)],
                ids[static_cast<size_t>(i) + uniform_below(rng, static_cast<uint64_t>(clients - i))]);
  }
  ids.resize(static_cast<size_t>(f));
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Seeds a transform's stream by its position in the list, so two transforms never share one.
Rng transform_rng(uint64_t seed, const char* side, size_t position, int round, int client) {
  return make_rng(seed, std::string(side) + "-transform-" + std::to_string(position), round, client);
}

}  // namespace

Simulation::Simulation(const Config& config, const Registry& registry)
    : config_(config),
      registry_(registry),
      seed_(static_cast<uint64_t>(config.get_int("seed"))),
      total_rounds_(static_cast<int>(config.get_int("federation.rounds"))),
      server_optimizer_(config.get_double("server.lr"), config.get_double("server.momentum")) {
  check_constraints(config_);
  // One intra-op thread per worker: small models run fastest so, and results do not depend on it.
  static std::once_flag single_threaded_ops;
  std::call_once(single_threaded_ops, [] { at::set_num_threads(1); });

  const double mean = config_.get_double("data.mean"), std = config_.get_double("data.std");
  train_ = load_idx_dataset_cached(config_.get_string("data.train_images"),
                                   config_.get_string("data.train_labels"),
                                   config_.get_int("data.max_train_samples"), mean, std);
  test_ =
      load_idx_dataset_cached(config_.get_string("data.test_images"), config_.get_string("data.test_labels"),
                              config_.get_int("data.max_test_samples"), mean, std);
  shards_ = make_shards(config_, *train_, seed_);

  replicas_.push_back(make_model(config_));
  for (int64_t t = 1; t < config_.get_int("federation.threads"); ++t)
    replicas_.push_back(replicas_.front()->clone());
  global_ = replicas_.front()->params().clone();

  strategy_ = registry_.make_strategy(config_);
  aggregator_ = registry_.make_aggregator(config_);
  aggregator_->check_clients(config_.get_int("federation.clients_per_round"));
  transport_ = registry_.make_transport(config_);
  if (transport_->reveals_only_sum() && !aggregator_->is_weighted_mean())
    throw UsageError(
        "transport.name: " + config_.get_string("transport.name") +
        " shows the server only the sum of the round's updates, but server.aggregator: " +
        config_.get_string("server.aggregator") +
        " (or its pre-aggregation) needs each update to find the outliers it removes, which "
        "secure aggregation hides by design. Use server.aggregator: mean with secure "
        "aggregation, or transport.name: channel (encrypted, one update at a time) with a robust "
        "rule; see docs/secure_aggregation.md");
  std::vector<int64_t> shard_sizes;
  for (const auto& shard : shards_) shard_sizes.push_back(static_cast<int64_t>(shard.size()));
  int64_t samples = 0;
  for (int64_t size : shard_sizes) samples += size;
  mean_shard_size_ = static_cast<double>(samples) / static_cast<double>(shard_sizes.size());
  privacy_ = registry_.make_privacy(config_, shard_sizes);
  honest_ = registry_.make_behaviour("honest", config_);
  attackers_ = choose_attackers(config_, static_cast<int>(shards_.size()), seed_);
  is_attacker_.assign(shards_.size(), 0);
  for (int client : attackers_) is_attacker_[static_cast<size_t>(client)] = 1;
  if (!attackers_.empty())
    attacker_ = registry_.make_behaviour(config_.get_string("attack.behaviour"), config_);
  if (attacker_ && attacker_->omniscient() && transport_->runs_clients_remotely())
    throw UsageError("attack.behaviour: " + config_.get_string("attack.behaviour") +
                     " is omniscient: it needs the round's honest updates, which clients in other processes "
                     "never see; run it in process");
  for (const auto& name : config_.get_string_list("client.transforms"))
    client_transforms_.push_back(registry_.make_transform(name, config_));
  for (const auto& name : config_.get_string_list("server.transforms"))
    server_transforms_.push_back(registry_.make_transform(name, config_));
}

Simulation::~Simulation() = default;

Message Simulation::run_client(int client, Model& replica, const Message& global,
                               const RoundView& view) const {
  const int round = global.round;
  replica.params().copy_(global.payload);
  Rng rng = make_rng(seed_, "client", round, client);
  ClientContext context;
  context.round = round;
  context.client = client;
  context.task = strategy_->task();
  context.data = train_.get();
  context.samples = &shards_[static_cast<size_t>(client)];
  context.global = &global.payload;
  context.model = &replica;
  context.sgd.epochs = config_.get_int("client.epochs");
  context.sgd.steps = config_.get_int("client.steps");
  context.sgd.batch_size = config_.get_int("client.batch_size");
  context.sgd.lr = config_.get_double("client.lr");
  context.sgd.momentum = config_.get_double("client.momentum");
  context.sgd.weight_decay = config_.get_double("client.weight_decay");
  context.gradient_chunk = config_.get_int("client.gradient_chunk");
  context.rng = &rng;
  context.privacy = privacy_.get();
  context.participants = view.participants;
  context.attackers = view.attackers;
  const bool attacking = is_attacker_[static_cast<size_t>(client)] != 0;
  if (attacking) context.honest_updates = view.honest_updates;
  ClientReply reply = (attacking ? attacker_ : honest_)->respond(context);
  for (size_t i = 0; i < client_transforms_.size(); ++i) {
    Rng transform_stream = transform_rng(seed_, "client", i, round, client);
    TransformContext tc{round, client, &transform_stream};
    client_transforms_[i]->apply(reply.update, tc);
  }
  if (privacy_) {
    Rng noise = make_rng(seed_, "dp-client", round, client);
    privacy_->privatize_update(reply.update, noise);
  }
  Message up;
  up.kind = MessageKind::ClientUpdate;
  up.round = round;
  up.client = client;
  up.weight = static_cast<double>(context.samples->size());
  up.train_loss = reply.train_loss;
  up.payload = reply.update;
  return up;
}

Simulation::ClientResult Simulation::run_client_through_transport(int client, Model& replica,
                                                                  const Bytes& down, const RoundView& view) {
  const Bytes received = transport_->to_client(client, down);
  if (received.empty()) return {};  // the model never arrived: the client sends nothing
  Message up = run_client(client, replica, decode(received), view);
  if (transport_->reveals_only_sum()) return {std::move(up)};  // goes into the round's sum
  const Bytes delivered = transport_->to_server(client, encode(up));
  if (delivered.empty()) return {};  // rejected on the way: the server never sees it
  return {decode(delivered)};
}

Message Simulation::client_step(int client, const Bytes& down) {
  const Message global = decode(down);
  if (global.kind != MessageKind::GlobalModel || global.round < 1 ||
      global.payload.numel() != global_.numel())
    throw MessageFormatError("not a global model of this experiment (kind, round or size)");
  if (client < 0 || client >= static_cast<int>(shards_.size()))
    throw UsageError("client " + std::to_string(client) + " is not one of the experiment's " +
                     std::to_string(shards_.size()) + " clients");
  return run_client(client, *replicas_.front(), global, view_of(participants_of(global.round)));
}

Bytes Simulation::answer(int client, const Bytes& down) { return encode(client_step(client, down)); }

Simulation::SumOffer Simulation::offer(int client, const Bytes& down) {
  const Message up = client_step(client, down);
  return {up.round, participants_of(up.round), offered_vector(up)};
}

std::vector<int> Simulation::participants_of(int round) const {
  Rng selection = make_rng(seed_, "participants", round);
  return strategy_->select_clients(static_cast<int>(shards_.size()),
                                   static_cast<int>(config_.get_int("federation.clients_per_round")),
                                   selection);
}

Simulation::RoundView Simulation::view_of(const std::vector<int>& participants) const {
  RoundView view;
  view.participants = static_cast<int>(participants.size());
  for (int client : participants) view.attackers += is_attacker_[static_cast<size_t>(client)] != 0 ? 1 : 0;
  return view;
}

void Simulation::run_clients(const std::vector<int>& participants, const std::vector<size_t>& slots,
                             const Bytes& down, const RoundView& view, std::vector<ClientResult>& results) {
  if (transport_->runs_clients_remotely()) {
    // The clients answer in their own processes; a reply that is not this round's update of the
    // client asked is left out like a rejected message.
    std::vector<int> clients;
    for (size_t slot : slots) clients.push_back(participants[slot]);
    const std::vector<Bytes> replies = transport_->exchange(clients, down);
    for (size_t k = 0; k < slots.size(); ++k) {
      if (k >= replies.size() || replies[k].empty()) continue;
      try {
        Message reply = decode(replies[k]);
        if (reply.kind == MessageKind::ClientUpdate && reply.round == round_ && reply.client == clients[k])
          results[slots[k]].reply = std::move(reply);
        else
          spdlog::warn("round {}: client {} sent a reply for another round or client; left out", round_,
                       clients[k]);
      } catch (const MessageFormatError& e) {
        spdlog::warn("round {}: client {} sent a malformed reply ({}); left out", round_, clients[k],
                     e.what());
      }
    }
    return;
  }
  // Workers take slots in turn; each result lands in its participant's own slot.
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&](Model& replica) {
    for (size_t k; (k = next++) < slots.size();) {
      try {
        results[slots[k]] = run_client_through_transport(participants[slots[k]], replica, down, view);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  const size_t workers = std::min(replicas_.size(), slots.size());
  std::vector<std::thread> threads;
  for (size_t w = 1; w < workers; ++w) threads.emplace_back(work, std::ref(*replicas_[w]));
  work(*replicas_.front());
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

torch::Tensor Simulation::aggregate_updates(const std::vector<ClientResult>& results, RoundRecord& record) {
  // Updates holding NaN/Inf are counted and logged; the aggregator decides what to do with them
  // (the mean leaves them out, robust rules treat them as outliers). A malformed update (wrong
  // size) is counted and left out.
  const size_t n = results.size();
  const int64_t d = global_.numel();
  if (!updates_.defined() || updates_.size(0) < static_cast<int64_t>(n))
    updates_ = torch::empty({static_cast<int64_t>(n), d}, torch::kFloat32);
  std::vector<double> weights;
  double loss_sum = 0.0, loss_weight = 0.0;
  int64_t rows = 0;
  std::vector<int64_t> finite_index;
  for (const auto& r : results) {
    const auto& payload = r.reply.payload;
    if (!payload.defined()) continue;  // never delivered: counted by the transport as rejected
    if (payload.numel() != d) {
      ++record.nonfinite_updates;
      continue;
    }
    const bool finite = all_finite(payload);
    if (!finite) ++record.nonfinite_updates;
    if (finite) finite_index.push_back(rows);
    updates_[rows++].copy_(payload);
    weights.push_back(r.reply.weight);
    if (finite && std::isfinite(r.reply.train_loss)) {
      loss_sum += r.reply.weight * r.reply.train_loss;
      loss_weight += r.reply.weight;
    }
  }
  if (record.nonfinite_updates > 0)
    spdlog::warn("round {}: {} of {} updates hold NaN/Inf or have the wrong size", round_,
                 record.nonfinite_updates, n);
  record.train_loss = loss_weight > 0 ? loss_sum / loss_weight : std::numeric_limits<double>::quiet_NaN();
  if (finite_index.empty()) {
    record.failure = "no finite update reached the server";
    return {};
  }
  torch::Tensor stacked = updates_.narrow(0, 0, rows);
  auto weight_tensor = torch::tensor(weights, torch::kFloat64);
  if (!privacy_) return aggregator_->aggregate(stacked, weight_tensor);
  if (static_cast<int64_t>(finite_index.size()) < rows) {
    // A privacy mechanism is promised finite updates only.
    const auto index = torch::tensor(finite_index, torch::kInt64);
    stacked = stacked.index_select(0, index);
    weight_tensor = weight_tensor.index_select(0, index);
  }
  Rng server_noise = make_rng(seed_, "dp-server", round_);
  return privacy_->aggregate(stacked, weight_tensor, *aggregator_, server_noise);
}

std::vector<float> Simulation::offered_vector(const Message& m) const {
  // The last two entries hold the loss only when it is finite, else zeros.
  const int64_t d = m.payload.numel();
  const double c = privacy_ && privacy_->sums_unweighted() ? 1.0 : m.weight / mean_shard_size_;
  const torch::Tensor update = m.payload.contiguous();
  const float* u = update.data_ptr<float>();
  std::vector<float> v(static_cast<size_t>(d) + 3, 0.0f);
  for (int64_t i = 0; i < d; ++i) v[static_cast<size_t>(i)] = static_cast<float>(c * u[i]);
  v[static_cast<size_t>(d)] = static_cast<float>(c);
  if (std::isfinite(m.train_loss)) {
    v[static_cast<size_t>(d) + 1] = static_cast<float>(c * m.train_loss);
    v[static_cast<size_t>(d) + 2] = static_cast<float>(c);
  }
  return v;
}

torch::Tensor Simulation::aggregate_sum(const std::vector<ClientResult>& results, RoundRecord& record) {
  // Each client offers its offered_vector() to the transport's sum: the server learns the
  // weighted mean update and training loss and no individual update. An update of the wrong size
  // is refused before the protocol.
  const int64_t d = global_.numel();
  std::vector<int> clients;
  std::vector<std::vector<float>> offered;
  for (const auto& r : results) {
    const Message& m = r.reply;
    if (!m.payload.defined()) continue;
    if (m.payload.numel() != d) {
      ++record.nonfinite_updates;
      continue;
    }
    clients.push_back(m.client);
    offered.push_back(offered_vector(m));
  }
  record.train_loss = std::numeric_limits<double>::quiet_NaN();
  if (clients.empty()) {
    record.failure = "no update reached the server";
    return {};
  }
  return aggregate_from_sum(transport_->sum_to_server(round_, clients, offered), record);
}

torch::Tensor Simulation::aggregate_remote_sum(const Bytes& down, RoundRecord& record) {
  record.train_loss = std::numeric_limits<double>::quiet_NaN();
  const auto length = static_cast<size_t>(global_.numel()) + 3;
  return aggregate_from_sum(transport_->exchange_for_sum(round_, record.participants, down, length), record);
}

torch::Tensor Simulation::aggregate_from_sum(const SecureSum& sum, RoundRecord& record) {
  const int64_t d = global_.numel();
  if (!sum.ok) {
    record.failure = sum.error;
    spdlog::warn("round {}: secure aggregation failed ({}); the model stays as it is", round_, sum.error);
    return {};
  }
  const auto at = [&](int64_t i) { return sum.sum[static_cast<size_t>(i)]; };
  if (at(d + 2) > 0) record.train_loss = at(d + 1) / at(d + 2);
  torch::Tensor total = torch::empty({d}, torch::kFloat32);
  float* t = total.data_ptr<float>();
  for (int64_t i = 0; i < d; ++i) t[i] = static_cast<float>(at(i));
  const double weight_total = at(d);
  if (!privacy_) return total.div_(weight_total);
  Rng server_noise = make_rng(seed_, "dp-server", round_);
  torch::Tensor aggregate =
      privacy_->aggregate_sum(total, weight_total, static_cast<int>(sum.contributors.size()), server_noise);
  if (!aggregate.defined()) record.failure = "the privacy mechanism withheld the round's aggregate";
  return aggregate;
}

RoundRecord Simulation::run_round() {
  const auto start = std::chrono::steady_clock::now();
  RoundRecord record;
  record.round = ++round_;
  record.participants = participants_of(round_);
  transport_->begin_round(round_, record.participants);

  Message down;
  down.kind = MessageKind::GlobalModel;
  down.round = round_;
  down.payload = global_;
  const Bytes down_bytes = encode(down);

  // Honest clients and plain attackers answer first; omniscient attackers then see the honest
  // updates as sent.
  const size_t n = record.participants.size();
  const int64_t d = global_.numel();
  std::vector<ClientResult> results(n);
  std::vector<size_t> first_wave, omniscient_wave;
  RoundView view = view_of(record.participants);
  for (size_t i = 0; i < n; ++i) {
    const bool attacking = is_attacker_[static_cast<size_t>(record.participants[i])] != 0;
    (attacking && attacker_->omniscient() ? omniscient_wave : first_wave).push_back(i);
  }
  const bool remote_sum = transport_->runs_clients_remotely() && transport_->reveals_only_sum();
  if (!remote_sum) run_clients(record.participants, first_wave, down_bytes, view, results);
  if (!omniscient_wave.empty()) {
    std::vector<torch::Tensor> honest;
    for (size_t i : first_wave)
      if (!is_attacker_[static_cast<size_t>(record.participants[i])] && results[i].reply.payload.defined() &&
          results[i].reply.payload.numel() == d)
        honest.push_back(results[i].reply.payload);
    const torch::Tensor honest_updates =
        honest.empty() ? torch::empty({0, d}, torch::kFloat32) : torch::stack(honest);
    view.honest_updates = &honest_updates;
    run_clients(record.participants, omniscient_wave, down_bytes, view, results);
  }

  // Server: aggregate, transform, step. A round without an aggregate leaves the model as it is.
  const torch::Tensor aggregate = remote_sum                       ? aggregate_remote_sum(down_bytes, record)
                                  : transport_->reveals_only_sum() ? aggregate_sum(results, record)
                                                                   : aggregate_updates(results, record);
  if (aggregate.defined()) {
    torch::Tensor step = aggregate;
    for (size_t i = 0; i < server_transforms_.size(); ++i) {
      Rng stream = transform_rng(seed_, "server", i, round_, -1);
      TransformContext tc{round_, -1, &stream};
      server_transforms_[i]->apply(step, tc);
    }
    server_optimizer_.step(global_, strategy_->pseudo_gradient(step));
  }
  if (privacy_) record.privacy = privacy_->account_round(static_cast<int>(n));
  const auto counts = transport_->take_counts();
  record.bytes_up = counts.up;
  record.bytes_down = counts.down;
  record.rejected_messages = transport_->take_rejections();

  if (round_ % config_.get_int("federation.eval_every") == 0 || finished()) {
    Model& model = *replicas_.front();
    model.params().copy_(global_);
    const Evaluation e = evaluate(model, *test_);
    record.test_accuracy = e.accuracy;
    record.test_loss = e.loss;
  }
  record.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return record;
}

}  // namespace fedsec::fl
