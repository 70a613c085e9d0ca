#include "privacy/diff2_config.h"

#include <limits>

#include "privacy/accountant.h"

namespace fedsec::privacy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using fl::make_choice;
using fl::make_key;

fl::ConfigSchema build_schema() {
  using fl::KeyType;
  const std::string fmnist = "/usr/share/datasets/fashion-mnist/";
  fl::ConfigSchema s;
  s.add(make_key("seed", KeyType::Int, "0", "Seed of the model initialization and of the DP noise.", 0));

  s.add(make_choice("data.name", "synthetic", {"synthetic", "fashion_mnist"},
                    "Training set: the seeded synthetic regression set or Fashion-MNIST (one-hot targets)."));
  s.add(make_key("data.train_images", KeyType::String, fmnist + "train-images-idx3-ubyte.gz",
                 "Fashion-MNIST training images, IDX idx3-ubyte (gzip or plain)."));
  s.add(make_key("data.train_labels", KeyType::String, fmnist + "train-labels-idx1-ubyte.gz",
                 "Fashion-MNIST training labels, IDX idx1-ubyte (gzip or plain)."));
  s.add(make_key("data.max_samples", KeyType::Int, "0",
                 "Fashion-MNIST: keep only the first N records (0: all).", 0));
  s.add(
      make_key("data.pool", KeyType::Int, "1",
               "Fashion-MNIST: average each k x k block of pixels into one feature (k must divide 28; 1: all "
               "784 pixels, 4: 49 features).",
               1));
  s.add(make_key("data.samples", KeyType::Int, "20000", "Synthetic: number of records.", 1));
  s.add(make_key("data.features", KeyType::Int, "20", "Synthetic: number of input features.", 1));
  s.add(
      make_key("data.noise", KeyType::Float, "0.1", "Synthetic: standard deviation of the target noise.", 0));
  s.add(make_key("data.seed", KeyType::Int, "0", "Synthetic: seed of the data set (kept apart from `seed`).",
                 0));

  s.add(make_key("nodes", KeyType::Int, "10", "Number of nodes P; records are dealt round-robin.", 1));
  s.add(make_key("model.hidden", KeyType::Int, "10", "Softplus units of the one hidden layer.", 1));

  s.add(make_key("diff2.rounds", KeyType::Int, "2000", "Communication rounds R.", 1));
  s.add(make_key("diff2.restart_interval", KeyType::Int, "1",
                 "T: a clipped full gradient every T rounds, gradient differences in between; 1 is DP-GD.",
                 1));
  s.add(make_key("diff2.lr", KeyType::Float, "0.5", "Step size eta of the GD routine.", 0, kInf, true));
  s.add(make_key("diff2.clip1", KeyType::Float, "10", "C1: clipping radius of per-record gradients.", 0, kInf,
                 true));
  s.add(make_key("diff2.clip2", KeyType::Float, "10",
                 "C2: per-record differences are clipped to C2 times the last step's length.", 0, kInf,
                 true));
  s.add(make_key("diff2.budget_split", KeyType::Float, "1.25",
                 "u: the restart rounds get 1/u of the RDP budget, the difference rounds (u-1)/u.", 1, kInf,
                 true));
  s.add(make_key("diff2.eval_every", KeyType::Int, "20",
                 "Record train loss, gradient norm and epsilon every k rounds (and at the end).", 1));
  s.add(make_key(
      "diff2.patience", KeyType::Int, "5",
      "Stop as diverged after this many evaluations in a row with train loss above 1.05 times the best "
      "so far (0: only on a non-finite loss).",
      0));

  s.add(make_key("privacy.enabled", KeyType::Bool, "true",
                 "false runs noiseless, unclipped GD (the non-private reference)."));
  s.add(
      make_key("privacy.epsilon", KeyType::Float, "3", "Target epsilon of the calibration.", 0, kInf, true));
  s.add(make_key("privacy.delta", KeyType::Float, "1e-5", "Target delta.", 0, 1, true, true));
  s.add(make_choice(
      "privacy.noise", "central", {"central", "distributed"},
      "Who adds the noise: the server to the average, or every node N(0, P sigma^2 C^2) to its own "
      "mean (same distribution of the average)."));
  s.add(make_choice("privacy.accountant", "rdp", accountant_names(),
                    "Accountant composing the actual releases for the reported epsilon."));
  return s;
}

}  // namespace

const fl::ConfigSchema& diff2_schema() {
  static const fl::ConfigSchema schema = build_schema();
  return schema;
}

}  // namespace fedsec::privacy
