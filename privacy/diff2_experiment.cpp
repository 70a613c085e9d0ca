#include "privacy/diff2_experiment.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "fl/atomic_file.h"
#include "privacy/diff2.h"
#include "privacy/diff2_calibration.h"
#include "privacy/diff2_data.h"

namespace fedsec::privacy {
namespace {

RegressionData load_data(const fl::Config& config) {
  if (config.get_string("data.name") == "fashion_mnist")
    return load_fashion_mnist(config.get_string("data.train_images"), config.get_string("data.train_labels"),
                              config.get_int("data.max_samples"), config.get_int("data.pool"));
  return make_synthetic_regression(
      config.get_int("data.samples"), static_cast<int>(config.get_int("data.features")),
      config.get_double("data.noise"), static_cast<uint64_t>(config.get_int("data.seed")));
}

// JSON has no infinity or NaN: they are written as null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

nlohmann::json run_diff2_experiment(const fl::Config& config, const std::string& out_dir,
                                    const Diff2Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const int num_nodes = static_cast<int>(config.get_int("nodes"));
  MlpShape shape;
  int64_t records = 0;
  std::vector<Diff2Node> nodes;
  {  // the nodes hold copies of their shards; the full set is released here
    const RegressionData data = load_data(config);
    shape = MlpShape{static_cast<int>(data.inputs.cols()), static_cast<int>(config.get_int("model.hidden")),
                     static_cast<int>(data.targets.cols())};
    records = data.inputs.rows();
    nodes = deal_round_robin(data, shape, num_nodes);
  }
  int64_t n_min = nodes.front().size();
  for (const auto& node : nodes) n_min = std::min(n_min, node.size());

  const bool private_run = config.get_bool("privacy.enabled");
  const double delta = config.get_double("privacy.delta");
  const std::string accountant = config.get_string("privacy.accountant");
  Diff2Options options;
  options.rounds = config.get_int("diff2.rounds");
  options.restart_interval = config.get_int("diff2.restart_interval");
  options.lr = config.get_double("diff2.lr");
  options.seed = static_cast<uint64_t>(config.get_int("seed"));
  options.noise = config.get_string("privacy.noise") == "distributed" ? NoisePlacement::kDistributed
                                                                      : NoisePlacement::kCentral;
  Diff2Calibration calibration;
  if (private_run) {
    calibration =
        calibrate_diff2(config.get_double("privacy.epsilon"), delta, options.rounds, options.restart_interval,
                        n_min, num_nodes, config.get_double("diff2.budget_split"));
    options.clip1 = config.get_double("diff2.clip1");
    options.clip2 = config.get_double("diff2.clip2");
    options.sigma1 = calibration.sigma1;
    options.sigma2 = calibration.sigma2;
  }

  std::filesystem::create_directories(out_dir);
  std::ofstream rounds_file(out_dir + "/rounds.jsonl", std::ios::trunc);
  if (!rounds_file) throw std::runtime_error("cannot write " + out_dir + "/rounds.jsonl");
  const int64_t eval_every = config.get_int("diff2.eval_every");
  const int64_t patience = config.get_int("diff2.patience");
  int64_t restarts = 0, differences = 0, rounds_run = 0, worse_in_a_row = 0;
  double best_loss = std::numeric_limits<double>::infinity();
  ObjectiveValue last;
  bool diverged = false;
  auto epsilon_now = [&]() -> double {
    if (!private_run) return std::numeric_limits<double>::infinity();
    return diff2_accounted_epsilon(calibration, restarts, differences, delta, accountant).epsilon;
  };
  // Records round `round` at x; returns false once the run has diverged.
  auto evaluate = [&](int64_t round, const Eigen::VectorXd& x) {
    last = evaluate_objective(nodes, x);
    nlohmann::json record{{"round", round},
                          {"train_loss", number(last.loss)},
                          {"grad_norm", number(last.grad_norm)},
                          {"epsilon", number(epsilon_now())}};
    rounds_file << record.dump() << "\n" << std::flush;
    if (progress) progress(record);
    if (!std::isfinite(last.loss)) return false;
    if (last.loss < best_loss) {
      best_loss = last.loss;
      worse_in_a_row = 0;
    } else if (last.loss > 1.05 * best_loss && ++worse_in_a_row >= patience && patience > 0) {
      return false;
    }
    return true;
  };

  const Eigen::VectorXd x0 = init_mlp_params(shape, options.seed);
  evaluate(0, x0);
  run_diff2_gd(nodes, x0, options, [&](const Diff2Step& step, const Eigen::VectorXd& x) {
    ++(step.restart ? restarts : differences);
    rounds_run = step.round;
    if (step.round % eval_every != 0 && step.round != options.rounds) return true;
    diverged = !evaluate(step.round, x);
    return !diverged;
  });

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json summary{
      {"data", config.get_string("data.name")},
      {"records", records},
      {"features", shape.features},
      {"outputs", shape.outputs},
      {"nodes", num_nodes},
      {"n_min", n_min},
      {"rounds", options.rounds},
      {"rounds_run", rounds_run},
      {"restart_interval", options.restart_interval},
      {"lr", options.lr},
      {"diverged", diverged},
      {"final_train_loss", number(last.loss)},
      {"final_grad_norm", number(last.grad_norm)},
      {"private", private_run},
      {"delta", delta},
      {"accountant", accountant},
      {"epsilon", number(epsilon_now())},
      {"wall_seconds", seconds},
  };
  if (private_run) {
    summary["epsilon_target"] = config.get_double("privacy.epsilon");
    summary["epsilon_single_order"] = diff2_single_order_epsilon(calibration, restarts, differences, delta);
    summary["alpha"] = calibration.alpha;
    summary["clip1"] = options.clip1;
    summary["clip2"] = options.clip2;
    summary["sigma1"] = calibration.sigma1;
    summary["sigma2"] = calibration.sigma2;
    summary["z1"] = calibration.z1;
    summary["z2"] = calibration.z2;
    summary["noise"] = config.get_string("privacy.noise");
  }
  rounds_file.close();
  fl::write_file_atomic(out_dir + "/summary.json", summary.dump(2) + "\n");
  return summary;
}

}  // namespace fedsec::privacy
