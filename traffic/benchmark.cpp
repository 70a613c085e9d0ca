#include "traffic/benchmark.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "traffic/benchmark_data.h"
#include "traffic/california.h"
#include "traffic/dataset_csv.h"
#include "traffic/lambda_path.h"
#include "traffic/linear_svm.h"
#include "traffic/logistic_regression.h"
#include "traffic/one_class_svm.h"
#include "traffic/simulator.h"

namespace fedsec::traffic {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

using ModelWeights = std::vector<Eigen::VectorXd>;  // per region

ModelWeights same_everywhere(const Eigen::VectorXd& w, int regions) { return ModelWeights(regions, w); }

RowMatrix stack(const std::vector<RowMatrix>& parts) {
  Eigen::Index rows = 0;
  for (const RowMatrix& p : parts) rows += p.rows();
  RowMatrix out(rows, parts.front().cols());
  Eigen::Index at = 0;
  for (const RowMatrix& p : parts) out.middleRows(at, p.rows()) = p, at += p.rows();
  return out;
}

}  // namespace

BenchmarkResults run_traffic_benchmark(const BenchmarkConfig& config, const BenchmarkHooks& hooks) {
  config.validate();
  const auto start = Clock::now();
  Dataset dataset;
  if (config.data_dir.empty()) {
    if (hooks.progress) hooks.progress("simulating " + std::to_string(config.scenario.days) + " days");
    ScenarioConfig scenario = config.scenario;
    scenario.seed = config.seed;
    dataset = simulate(scenario);
  } else {
    if (hooks.progress) hooks.progress("reading " + config.data_dir);
    dataset = read_dataset_csv(config.data_dir);
  }
  const double loading = seconds_since(start);
  BenchmarkResults results = run_traffic_benchmark(config, dataset, hooks);
  results.data_seconds += loading;
  results.total_seconds += loading;
  return results;
}

BenchmarkResults run_traffic_benchmark(const BenchmarkConfig& config, const Dataset& dataset,
                                       const BenchmarkHooks& hooks) {
  config.validate();
  auto say = [&](const std::string& line) {
    if (hooks.progress) hooks.progress(line);
  };
  const auto start = Clock::now();
  say("preparing features of " + std::to_string(dataset.samples.size()) + " samples");
  const PreparedBenchmark prepared = prepare_benchmark(config, dataset);
  BenchmarkResults results;
  results.data_seconds = seconds_since(start);
  say(std::to_string(prepared.regions) + " regions, " + std::to_string(prepared.graph.edges.size()) +
      " graph edges, " + std::to_string(prepared.test.table.rows()) + " test rows");
  results.regions = prepared.regions;
  results.graph_edges = static_cast<int>(prepared.graph.edges.size());
  results.graph_connected = prepared.graph.connected();
  results.validation_rows = static_cast<long>(prepared.validation.table.rows());
  results.test_rows = static_cast<long>(prepared.test.table.rows());

  std::vector<ModelWeights> models;  // columns to score: local, central, path..., supervised...
  std::vector<double> train_seconds;

  // One-class SVM per region on its own data: the local end of the path.
  say("training local and central one-class SVMs");
  auto t = Clock::now();
  std::vector<OneClassSvm> nodes;
  for (const RowMatrix& data : prepared.normal_train) nodes.emplace_back(data, config.ocsvm);
  ModelWeights local;
  for (OneClassSvm& node : nodes) local.push_back(node.score_weights(node.minimize()));
  models.push_back(local);
  train_seconds.push_back(seconds_since(t));

  t = Clock::now();
  OneClassSvm central(stack(prepared.normal_train), config.ocsvm);
  models.push_back(same_everywhere(central.score_weights(central.minimize()), prepared.regions));
  train_seconds.push_back(seconds_since(t));

  // Network lasso along the lambda path, from fresh dual state.
  std::vector<OneClassSvm> nl_nodes;
  for (const RowMatrix& data : prepared.normal_train) nl_nodes.emplace_back(data, config.ocsvm);
  std::vector<NodeObjective*> objectives;
  for (OneClassSvm& node : nl_nodes) objectives.push_back(&node);
  NetworkLasso solver(prepared.graph, objectives, config.admm);
  t = Clock::now();
  say("network lasso: lambda path");
  const std::vector<PathPoint> path = run_lambda_path(solver, config.path, [&](const PathPoint& p) {
    char line[160];
    std::snprintf(line, sizeof line, "lambda %.4g: %d ADMM iterations, %.0f %% of edges fused, %.2f s",
                  p.report.lambda, p.report.iterations, 100.0 * p.report.consensus_fraction, p.seconds);
    say(line);
  });
  const double path_seconds = seconds_since(t);
  const std::size_t first_path_model = models.size();
  for (const PathPoint& point : path) {
    ModelWeights w;
    for (int g = 0; g < prepared.regions; ++g) w.push_back(nl_nodes[g].score_weights(point.x[g]));
    models.push_back(w);
  }

  const bool supervised = config.supervised && !prepared.supervised_labels.empty();
  if (supervised) {
    say("training supervised references");
    t = Clock::now();
    LogisticRegression logreg(prepared.supervised_train, prepared.supervised_labels, config.logreg,
                              prepared.supervised_weights);
    models.push_back(same_everywhere(logreg.score_weights(logreg.minimize()), prepared.regions));
    train_seconds.push_back(seconds_since(t));
    t = Clock::now();
    LinearSvm svm(prepared.supervised_train, prepared.supervised_labels, config.svm,
                  prepared.supervised_weights);
    models.push_back(same_everywhere(svm.score_weights(svm.minimize()), prepared.regions));
    train_seconds.push_back(seconds_since(t));
  }

  say("scoring " + std::to_string(models.size()) + " models");
  const Eigen::MatrixXd validation = score_models(prepared.validation, prepared.map, models);
  const Eigen::MatrixXd test = score_models(prepared.test, prepared.map, models);
  auto on_test = [&](const std::string& name, std::size_t column, double seconds) {
    MethodResult r = evaluate_scores(name, test.col(static_cast<Eigen::Index>(column)), prepared.test,
                                     prepared, config.threshold, config.persistence);
    r.train_seconds = seconds;
    return r;
  };

  results.methods.push_back(on_test("local", 0, train_seconds[0]));
  results.methods.push_back(on_test("central", 1, train_seconds[1]));
  std::size_t best = 0;
  for (std::size_t k = 0; k < path.size(); ++k) {
    const auto column = static_cast<Eigen::Index>(first_path_model + k);
    PathResult p;
    p.report = path[k].report;
    p.solve_seconds = path[k].seconds;
    p.validation = evaluate_scores("network_lasso", validation.col(column), prepared.validation, prepared,
                                   config.threshold, config.persistence);
    p.test = evaluate_scores("network_lasso", test.col(column), prepared.test, prepared, config.threshold,
                             config.persistence);
    p.validation.lambda = p.test.lambda = p.report.lambda;
    results.lambda_path.push_back(p);
    // The best validation AUC; NaN never wins; ties keep the smaller lambda.
    if (p.validation.auc > results.lambda_path[best].validation.auc ||
        (std::isnan(results.lambda_path[best].validation.auc) && !std::isnan(p.validation.auc)))
      best = k;
  }
  MethodResult nl = results.lambda_path[best].test;
  nl.train_seconds = path_seconds;  // the whole path: choosing lambda is part of training
  results.methods.push_back(nl);

  results.methods.push_back(evaluate_alarms(
      "california8", california8_alarms(prepared.test.table, prepared.interval_s, config.california),
      prepared.test, prepared));
  if (supervised) {
    results.methods.push_back(on_test("central_logreg", first_path_model + path.size(), train_seconds[2]));
    results.methods.push_back(on_test("central_svm", first_path_model + path.size() + 1, train_seconds[3]));
  }
  for (const ExtraMethod& method : hooks.extra_methods) results.methods.push_back(method(prepared));
  results.test_incidents = results.methods.front().events.incidents;
  results.total_seconds = seconds_since(start);
  return results;
}

}  // namespace fedsec::traffic
