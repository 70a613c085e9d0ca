// The simulator's own configuration keys. docs/config.md is generated from these declarations
// (`fedsec config-doc`), and a test checks the two agree.
#include "fl/components.h"

namespace fedsec::fl {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

void add_core_keys(ConfigSchema& s) {
  const std::string fmnist = "/usr/share/datasets/fashion-mnist/";
  s.add(make_key("seed", KeyType::Int, "0", "Experiment seed; every random stream derives from it.", 0));

  s.add(make_key("data.train_images", KeyType::String, fmnist + "train-images-idx3-ubyte.gz",
                 "Training images, IDX idx3-ubyte (gzip or plain)."));
  s.add(make_key("data.train_labels", KeyType::String, fmnist + "train-labels-idx1-ubyte.gz",
                 "Training labels, IDX idx1-ubyte (gzip or plain)."));
  s.add(make_key("data.test_images", KeyType::String, fmnist + "t10k-images-idx3-ubyte.gz", "Test images."));
  s.add(make_key("data.test_labels", KeyType::String, fmnist + "t10k-labels-idx1-ubyte.gz", "Test labels."));
  s.add(make_key("data.max_train_samples", KeyType::Int, "0",
                 "Keep only the first N training samples (0: all).", 0));
  s.add(make_key("data.max_test_samples", KeyType::Int, "0", "Keep only the first N test samples (0: all).",
                 0));
  s.add(make_key("data.mean", KeyType::Float, "0.2860", "Pixel mean subtracted after scaling to [0, 1]."));
  s.add(make_key("data.std", KeyType::Float, "0.3530", "Pixel standard deviation divided by after centering.",
                 0, kInf, true));

  s.add(make_choice("partition.name", "dirichlet", {"iid", "dirichlet", "shards", "quantity_skew"},
                    "How training samples are split among clients."));
  s.add(make_key("partition.num_clients", KeyType::Int, "100", "Number of simulated clients.", 1));
  s.add(make_key(
      "partition.alpha", KeyType::Float, "0.5",
      "Dirichlet concentration for `dirichlet` (label skew) and `quantity_skew` (size skew); smaller is "
      "more skewed.",
      0, kInf, true));
  s.add(make_key("partition.shards_per_client", KeyType::Int, "2",
                 "Label-sorted shards per client for `shards`.", 1));
  s.add(make_key("partition.min_samples", KeyType::Int, "1",
                 "Smallest shard allowed by `dirichlet` and `quantity_skew`.", 0));

  s.add(make_choice("model.name", "convnet", {"logreg", "mlp", "convnet", "torchscript"},
                    "Model: logistic regression, MLP, LeNet-5-style ConvNet, or a TorchScript file."));
  KeySpec hidden = make_key("model.hidden", KeyType::IntList, "[200]", "Hidden layer widths of the MLP.", 1);
  s.add(hidden);
  s.add(make_choice("model.activation", "relu", {"relu", "sigmoid", "tanh"},
                    "Activation of the MLP and ConvNet."));
  s.add(make_key(
      "model.path", KeyType::String, "\"\"",
      "TorchScript file (from `torch.jit.save`) for `model.name: torchscript`; its forward maps N x 1 x 28 x "
      "28 inputs to logits."));

  s.add(make_key("client.epochs", KeyType::Int, "1",
                 "Local epochs per round (FedAvg), unless client.steps > 0.", 1));
  s.add(make_key("client.steps", KeyType::Int, "0",
                 "Exact local minibatch steps per round (0: use client.epochs).", 0));
  s.add(make_key("client.batch_size", KeyType::Int, "32", "Local minibatch size.", 1));
  s.add(make_key("client.lr", KeyType::Float, "0.05", "Local SGD learning rate.", 0, kInf, true));
  s.add(make_key("client.momentum", KeyType::Float, "0.0", "Local SGD momentum (reset every round).", 0, 1,
                 false, true));
  s.add(make_key("client.weight_decay", KeyType::Float, "0.0", "Local SGD weight decay (L2).", 0));
  s.add(make_key("client.gradient_chunk", KeyType::Int, "512",
                 "Samples per forward/backward pass when a client computes a full-batch gradient (FedSGD); "
                 "does not change the result.",
                 1));
  KeySpec client_transforms =
      make_key("client.transforms", KeyType::StringList, "[]",
               "Update transforms each honest or attacking client applies before sending, in order.");
  s.add(client_transforms);

  s.add(make_key("federation.rounds", KeyType::Int, "20", "Number of rounds.", 1));
  s.add(make_key("federation.clients_per_round", KeyType::Int, "10", "Participants sampled per round.", 1));
  s.add(make_choice("federation.strategy", "fedavg", {}, "Federated algorithm."));
  s.add(make_key("federation.eval_every", KeyType::Int, "1",
                 "Evaluate on the test set every k rounds (and at the end).", 1));
  s.add(make_key(
      "federation.threads", KeyType::Int, "1",
      "Worker threads training clients in parallel (each with one intra-op thread); results do not depend "
      "on it.",
      1));

  s.add(make_key("server.lr", KeyType::Float, "1.0", "Server learning rate (FedAvg: 1 is plain averaging).",
                 0, kInf, true));
  s.add(make_key("server.momentum", KeyType::Float, "0.0", "Server momentum (FedAvgM when > 0).", 0, 1, false,
                 true));
  s.add(make_choice("server.aggregator", "mean", {}, "Rule combining client updates."));
  s.add(make_key("server.transforms", KeyType::StringList, "[]",
                 "Update transforms applied to the aggregate before the server step, in order."));

  s.add(make_choice(
      "transport.name", "plain", {},
      "How messages travel between server and clients: `plain` bytes, `channel` (authenticated "
      "encryption), or `secagg` / `secagg+` (secure aggregation: the server learns only the sum of the "
      "updates); see docs/secure_aggregation.md."));

  s.add(make_choice("dp.mode", "none", {"none"},
                    "Differential privacy: `none`, `sample` (DP-SGD in every client), `client` (DP-FedAvg: "
                    "clipped updates, central noise), `local` (each client noises its own update) or "
                    "`distributed` (each client adds a share of the noise under secure aggregation). See "
                    "docs/privacy.md."));

  s.add(make_choice("attack.behaviour", "honest", {}, "Behaviour of the attacking clients."));
  s.add(make_key("attack.num_clients", KeyType::Int, "0",
                 "Number of attacking clients f; they use attack.behaviour, the rest are honest.", 0));
  s.add(make_choice("attack.placement", "random", {"random", "first"},
                    "Which clients attack: `random` draws f of them from the seed, `first` takes clients "
                    "0 .. f-1 (after partitioning)."));
}

}  // namespace fedsec::fl
