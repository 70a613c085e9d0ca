// Exact equivalences between the federated simulator and centralized training.
#include <gtest/gtest.h>

#include "fl/dataset.h"
#include "fl/local_trainer.h"
#include "fl/model_factory.h"
#include "fl/simulation.h"
#include "support/test_config.h"

namespace fedsec::fl {
namespace {

// FedSGD with every client participating and full-batch local gradients takes exactly the
// gradient-descent step of the union of the clients' data (sample-weighted mean of shard means).
TEST(Equivalence, FedSgdWithAllClientsEqualsCentralizedGradientDescent) {
  for (const char* partition : {"iid", "dirichlet"}) {
    const Config config = testing::tiny_config({{"federation.strategy", "fedsgd"},
                                                {"partition.name", partition},
                                                {"partition.num_clients", "6"},
                                                {"federation.clients_per_round", "6"},
                                                {"server.lr", "0.5"},
                                                {"model.name", "mlp"},
                                                {"model.hidden", "[16]"},
                                                {"client.gradient_chunk", "37"},
                                                {"federation.rounds", "4"}});
    Simulation simulation(config, testing::registry());
    while (!simulation.finished()) simulation.run_round();

    const Dataset data = load_idx_dataset(config.get_string("data.train_images"),
                                          config.get_string("data.train_labels"), 300, 0.2860, 0.3530);
    std::vector<int64_t> all(300);
    for (int64_t i = 0; i < 300; ++i) all[i] = i;
    auto model = make_model(config);
    torch::Tensor gradient = torch::empty_like(model->params());
    for (int round = 0; round < 4; ++round) {
      full_batch_gradient(*model, data, data.labels, all, 300, gradient);
      model->params().add_(gradient, -0.5);
    }
    EXPECT_TRUE(torch::allclose(simulation.global_params(), model->params(), 1e-5, 1e-6)) << partition;
    EXPECT_GT((simulation.global_params() - make_model(config)->params()).abs().max().item<double>(), 1e-3);
  }
}

// FedAvg with a single client is local SGD on that client's data with the client's seed stream.
// After one round the two differ only by the rounding of global + (local - global); over more
// rounds that rounding is carried through further training, so the tolerance is looser.
TEST(Equivalence, FedAvgWithOneClientEqualsLocalSgd) {
  for (const auto& [rounds, tolerance] : {std::pair{1, 1e-6}, std::pair{3, 1e-4}}) {
    const Config config = testing::tiny_config({{"partition.num_clients", "1"},
                                                {"federation.clients_per_round", "1"},
                                                {"federation.rounds", std::to_string(rounds)},
                                                {"client.epochs", "2"},
                                                {"client.batch_size", "16"},
                                                {"client.momentum", "0.9"},
                                                {"client.weight_decay", "0.001"}});
    Simulation simulation(config, testing::registry());
    while (!simulation.finished()) simulation.run_round();

    const Dataset data = load_idx_dataset(config.get_string("data.train_images"),
                                          config.get_string("data.train_labels"), 300, 0.2860, 0.3530);
    std::vector<int64_t> all(300);
    for (int64_t i = 0; i < 300; ++i) all[i] = i;
    auto model = make_model(config);
    LocalSgdOptions sgd;
    sgd.epochs = 2;
    sgd.batch_size = 16;
    sgd.lr = config.get_double("client.lr");
    sgd.momentum = 0.9;
    sgd.weight_decay = 0.001;
    for (int round = 1; round <= rounds; ++round) {
      Rng rng = make_rng(0, "client", round, 0);  // the client's stream for this round
      train_local_sgd(*model, data, data.labels, all, sgd, rng);
    }
    const double difference = (simulation.global_params() - model->params()).abs().max().item<double>();
    EXPECT_LT(difference, tolerance) << rounds << " rounds";
    EXPECT_GT((model->params() - make_model(config)->params()).abs().max().item<double>(), 1e-2);
  }
}

}  // namespace
}  // namespace fedsec::fl
