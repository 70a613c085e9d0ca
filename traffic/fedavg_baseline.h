#pragma once
// The FedAvg baseline of the traffic benchmark (research note 1.4, variant (a)), run through fl/:
// every region is a client holding its own labelled training rows, and a two-class MLP
// (fl::DenseNet) is trained by FedAvg (McMahan et al., AISTATS 2017) with fl::train_local_sgd on
// the clients, fl::Message over an fl::InProcessTransport between them and the server, and
// fl::WeightedMeanAggregator with fl::FedAvgStrategy and fl::ServerOptimizer on the server. It
// lives outside fedsec_traffic so that the rest of the benchmark needs no LibTorch.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fl/dataset.h"
#include "fl/models/dense_net.h"
#include "traffic/benchmark_config.h"
#include "traffic/evaluation.h"
#include "traffic/fedavg_options.h"
#include "traffic/matrix.h"

namespace fedsec::traffic {

// Trains a DenseNet (data.images columns -> data.num_classes) by FedAvg with every client in every
// round: the server sends the global parameters, client c runs options.local_epochs epochs of SGD
// over clients[c] (indices into data; repeats allowed) and returns its delta with weight
// weights[c] (> 0), and the global model moves by the weighted mean delta (server lr 1). The
// initial weights come from (seed, "traffic/fedavg-init"), client c's minibatch order in round r
// from fl::make_rng(seed, "traffic/fedavg-sgd", r, c). on_round, when set, gets each round's
// number (from 1) and the weighted mean local loss. Throws UsageError for no clients, a client
// without samples, or a non-positive weight.
std::unique_ptr<fl::DenseNet> train_fedavg(const fl::Dataset& data,
                                           const std::vector<std::vector<int64_t>>& clients,
                                           const std::vector<double>& weights, const FedAvgOptions& options,
                                           uint64_t seed,
                                           const std::function<void(int round, double loss)>& on_round = {});

// Per row of x: logit(class 1) - logit(class 0) of a two-class model, i.e. the log-odds of an
// incident.
Eigen::VectorXd incident_scores(fl::Model& model, const RowMatrix& x);

// The benchmark row `fedavg`: clients are the regions, holding their rows of the supervised
// training set before the feature map (standardised station-pair features; label 1 = target
// incident), incident rows repeated per client to about match its normal rows when
// options.balance_classes; weights are the clients' row counts. Scored on the test split with
// the benchmark's alarm rule. Throws std::runtime_error when the training days hold no incident
// rows.
MethodResult run_fedavg_baseline(const PreparedBenchmark& prepared, const BenchmarkConfig& config,
                                 const FedAvgOptions& options,
                                 const std::function<void(const std::string&)>& progress = {});

}  // namespace fedsec::traffic
