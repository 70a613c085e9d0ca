#include "traffic/fedavg_baseline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "fl/errors.h"
#include "fl/local_trainer.h"
#include "fl/rng.h"
#include "tiny_benchmark.h"
#include "traffic/benchmark.h"
#include "traffic/simulator.h"

namespace fedsec::traffic {
namespace {

// n points in 4 dimensions, labelled by the sign of a fixed linear function.
fl::Dataset separable(int64_t n) {
  torch::manual_seed(11);
  fl::Dataset d;
  d.images = torch::randn({n, 4});
  d.labels = (d.images.matmul(torch::tensor({1.0f, -2.0f, 0.5f, 1.0f})) > 0).to(torch::kInt64);
  d.num_classes = 2;
  return d;
}

std::vector<int64_t> range(int64_t from, int64_t to) {
  std::vector<int64_t> out;
  for (int64_t i = from; i < to; ++i) out.push_back(i);
  return out;
}

FedAvgOptions small_options() {
  FedAvgOptions o;
  o.rounds = 3;
  o.hidden = {8};
  o.batch_size = 16;
  o.lr = 0.1;
  return o;
}

fl::LocalSgdOptions sgd_of(const FedAvgOptions& o) {
  fl::LocalSgdOptions sgd;
  sgd.epochs = o.local_epochs;
  sgd.batch_size = o.batch_size;
  sgd.lr = o.lr;
  return sgd;
}

// The model train_fedavg starts from.
fl::DenseNet initial_model(const FedAvgOptions& o, uint64_t seed) {
  fl::DenseNetOptions net;
  net.inputs = 4;
  net.hidden = o.hidden;
  net.classes = 2;
  net.init_seed = fl::derive_seed(seed, "traffic/fedavg-init");
  return fl::DenseNet(net);
}

TEST(TrafficFedAvg, OneClientIsLocalTrainingOfTheSameModel) {
  const fl::Dataset data = separable(100);
  const FedAvgOptions o = small_options();
  const auto federated = train_fedavg(data, {range(0, 100)}, {100.0}, o, 5);
  fl::DenseNet local = initial_model(o, 5);
  for (int round = 0; round < o.rounds; ++round) {
    fl::Rng rng = fl::make_rng(5, "traffic/fedavg-sgd", round, 0);
    fl::train_local_sgd(local, data, data.labels, range(0, 100), sgd_of(o), rng);
  }
  EXPECT_TRUE(torch::allclose(federated->params(), local.params(), 1e-5, 1e-6));
  EXPECT_FALSE(torch::equal(local.params(), initial_model(o, 5).params()));  // training moved it
}

TEST(TrafficFedAvg, OneRoundMovesByTheSampleWeightedMeanOfTheClientDeltas) {
  const fl::Dataset data = separable(90);
  FedAvgOptions o = small_options();
  o.rounds = 1;
  const std::vector<std::vector<int64_t>> clients = {range(0, 30), range(30, 90)};
  const auto federated = train_fedavg(data, clients, {30.0, 60.0}, o, 8);
  const fl::DenseNet start = initial_model(o, 8);
  torch::Tensor expected = start.params().clone();
  for (int c = 0; c < 2; ++c) {
    fl::DenseNet local = initial_model(o, 8);
    fl::Rng rng = fl::make_rng(8, "traffic/fedavg-sgd", 0, c);
    fl::train_local_sgd(local, data, data.labels, clients[c], sgd_of(o), rng);
    expected += (c == 0 ? 1.0 / 3.0 : 2.0 / 3.0) * (local.params() - start.params());
  }
  EXPECT_TRUE(torch::allclose(federated->params(), expected, 1e-5, 1e-6));
}

TEST(TrafficFedAvg, LearnsASeparableProblemSplitOverClients) {
  const fl::Dataset data = separable(400);
  FedAvgOptions o = small_options();
  o.rounds = 20;
  const auto model =
      train_fedavg(data, {range(0, 100), range(100, 250), range(250, 400)}, {100, 150, 150}, o, 2);
  RowMatrix x(400, 4);
  for (int64_t i = 0; i < 400; ++i)
    for (int64_t j = 0; j < 4; ++j) x(i, j) = data.images[i][j].item<float>();
  const Eigen::VectorXd scores = incident_scores(*model, x);
  int correct = 0;
  for (int64_t i = 0; i < 400; ++i) correct += (scores(i) > 0) == (data.labels[i].item<int64_t>() == 1);
  EXPECT_GT(correct, 0.9 * 400);
}

TEST(TrafficFedAvg, RejectsAClientWithoutSamples) {
  const fl::Dataset data = separable(10);
  EXPECT_THROW(train_fedavg(data, {range(0, 10), {}}, {10, 1}, small_options(), 1), UsageError);
}

TEST(TrafficFedAvg, AddsARowWithSaneMetricsToTheBenchmark) {
  const BenchmarkConfig c = tiny_benchmark_config();
  FedAvgOptions o;
  o.rounds = 5;
  BenchmarkHooks hooks;
  hooks.extra_methods.push_back(
      [&](const PreparedBenchmark& prepared) { return run_fedavg_baseline(prepared, c, o); });
  const BenchmarkResults r = run_traffic_benchmark(c, hooks);
  const MethodResult& f = r.methods.back();
  EXPECT_EQ(f.method, "fedavg");
  EXPECT_TRUE(std::isnan(f.lambda));
  EXPECT_EQ(f.events.decisions, r.methods.front().events.decisions);
  EXPECT_EQ(f.events.incidents, r.test_incidents);
  EXPECT_GT(f.auc, 0.6);  // a supervised model ranks incident rows above normal ones
  EXPECT_LE(f.auc, 1.0);
  EXPECT_GE(f.events.detection_rate, 0.0);
  EXPECT_LE(f.events.detection_rate, 1.0);
  EXPECT_GT(f.train_seconds, 0.0);
}

}  // namespace
}  // namespace fedsec::traffic
