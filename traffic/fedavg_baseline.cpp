#include "traffic/fedavg_baseline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "fl/aggregator.h"
#include "fl/errors.h"
#include "fl/local_trainer.h"
#include "fl/message.h"
#include "fl/rng.h"
#include "fl/strategy.h"
#include "fl/transport.h"

namespace fedsec::traffic {
namespace {

torch::Tensor to_float_tensor(const RowMatrix& x) {
  const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> f = x.cast<float>();
  return torch::from_blob(const_cast<float*>(f.data()), {f.rows(), f.cols()}, torch::kFloat32).clone();
}

}  // namespace

std::unique_ptr<fl::DenseNet> train_fedavg(const fl::Dataset& data,
                                           const std::vector<std::vector<int64_t>>& clients,
                                           const std::vector<double>& weights, const FedAvgOptions& options,
                                           uint64_t seed, const std::function<void(int, double)>& on_round) {
  if (clients.empty() || weights.size() != clients.size())
    throw UsageError("fedavg: need at least one client and one weight per client");
  for (std::size_t c = 0; c < clients.size(); ++c)
    if (clients[c].empty() || !(weights[c] > 0.0))
      throw UsageError("fedavg: client " + std::to_string(c) + " has no samples or a non-positive weight");
  at::set_num_threads(1);  // small model: one intra-op thread is fastest and keeps sums in one order
  fl::DenseNetOptions net;
  net.inputs = data.images.size(1);
  net.hidden = options.hidden;
  net.classes = data.num_classes;
  net.init_seed = fl::derive_seed(seed, "traffic/fedavg-init");
  auto global = std::make_unique<fl::DenseNet>(net);
  const std::unique_ptr<fl::Model> replica = global->clone();

  fl::LocalSgdOptions sgd;
  sgd.epochs = options.local_epochs;
  sgd.batch_size = options.batch_size;
  sgd.lr = options.lr;
  sgd.momentum = options.momentum;
  fl::InProcessTransport transport;
  fl::FedAvgStrategy strategy;
  fl::WeightedMeanAggregator aggregator;
  fl::ServerOptimizer server(1.0, 0.0);
  const int n = static_cast<int>(clients.size());
  std::vector<int> everyone(n);
  for (int c = 0; c < n; ++c) everyone[c] = c;
  torch::Tensor updates = torch::empty({n, global->params().numel()});
  torch::Tensor update_weights = torch::empty({n}, torch::kFloat64);

  for (int round = 0; round < options.rounds; ++round) {
    transport.begin_round(round, everyone);
    fl::Message down;
    down.kind = fl::MessageKind::GlobalModel;
    down.round = round;
    down.payload = global->params();
    const fl::Bytes down_bytes = fl::encode(down);
    double loss = 0.0, total_weight = 0.0;
    for (int c = 0; c < n; ++c) {
      // Client side: start from the received model, train locally, reply with the delta.
      const fl::Message received = fl::decode(transport.to_client(c, down_bytes));
      replica->params().copy_(received.payload);
      fl::Rng rng = fl::make_rng(seed, "traffic/fedavg-sgd", round, c);
      const fl::LocalResult local = fl::train_local_sgd(*replica, data, data.labels, clients[c], sgd, rng);
      fl::Message up;
      up.kind = fl::MessageKind::ClientUpdate;
      up.round = round;
      up.client = c;
      up.weight = weights[c];
      up.train_loss = local.mean_loss;
      up.payload = replica->params() - received.payload;
      // Server side.
      const fl::Message reply = fl::decode(transport.to_server(c, fl::encode(up)));
      updates[c].copy_(reply.payload);
      update_weights[c].fill_(reply.weight);
      loss += reply.weight * reply.train_loss;
      total_weight += reply.weight;
    }
    server.step(global->params(), strategy.pseudo_gradient(aggregator.aggregate(updates, update_weights)));
    if (on_round) on_round(round + 1, loss / total_weight);
  }
  return global;
}

Eigen::VectorXd incident_scores(fl::Model& model, const RowMatrix& x) {
  torch::NoGradGuard no_grad;
  const torch::Tensor logits = model.forward(to_float_tensor(x));
  const torch::Tensor diff = (logits.select(1, 1) - logits.select(1, 0)).to(torch::kFloat64).contiguous();
  return Eigen::Map<const Eigen::VectorXd>(diff.data_ptr<double>(), diff.numel());
}

MethodResult run_fedavg_baseline(const PreparedBenchmark& prepared, const BenchmarkConfig& config,
                                 const FedAvgOptions& options,
                                 const std::function<void(const std::string&)>& progress) {
  if (prepared.supervised_labels.empty())
    throw std::runtime_error("fedavg: the training days hold no rows of target incidents to learn from");
  const auto start = std::chrono::steady_clock::now();
  fl::Dataset data;
  data.images = to_float_tensor(prepared.supervised_standardised);
  data.num_classes = 2;
  for (int label : prepared.supervised_labels) data.label_list.push_back(label > 0 ? 1 : 0);
  std::vector<int64_t> labels(data.label_list.begin(), data.label_list.end());
  data.labels = torch::from_blob(labels.data(), {static_cast<int64_t>(labels.size())}, torch::kInt64).clone();

  // Clients are the regions that hold rows; each keeps its rows in order, incident rows repeated.
  std::vector<std::vector<int64_t>> normal(prepared.regions), incident(prepared.regions);
  for (std::size_t i = 0; i < data.label_list.size(); ++i)
    (data.label_list[i] ? incident : normal)[prepared.supervised_region[i]].push_back(
        static_cast<int64_t>(i));
  std::vector<std::vector<int64_t>> clients;
  std::vector<double> weights;
  for (int g = 0; g < prepared.regions; ++g) {
    if (normal[g].empty() && incident[g].empty()) continue;
    std::vector<int64_t> rows = normal[g];
    std::size_t copies = 1;
    if (options.balance_classes && !incident[g].empty() && !normal[g].empty())
      copies = std::max<std::size_t>(
          1,
          static_cast<std::size_t>(std::lround(static_cast<double>(normal[g].size()) / incident[g].size())));
    for (std::size_t k = 0; k < copies; ++k) rows.insert(rows.end(), incident[g].begin(), incident[g].end());
    clients.push_back(std::move(rows));
    weights.push_back(static_cast<double>(normal[g].size() + incident[g].size()));
  }

  const auto model = train_fedavg(data, clients, weights, options, config.seed, [&](int round, double loss) {
    if (!progress || (round % 10 != 0 && round != options.rounds)) return;
    char line[96];
    std::snprintf(line, sizeof line, "fedavg round %d/%d: mean local loss %.4f", round, options.rounds, loss);
    progress(line);
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MethodResult r = evaluate_scores("fedavg", incident_scores(*model, prepared.test.standardised),
                                   prepared.test, prepared, config.threshold, config.persistence);
  r.train_seconds = seconds;
  return r;
}

}  // namespace fedsec::traffic
