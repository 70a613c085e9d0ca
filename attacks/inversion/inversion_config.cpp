#include "attacks/inversion/inversion_config.h"

#include <algorithm>
#include <limits>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

using fl::KeyType;
using fl::make_choice;
using fl::make_key;

constexpr double kInf = std::numeric_limits<double>::infinity();

fl::ConfigSchema build_schema() {
  fl::ConfigSchema s;
  const std::string fmnist = "/usr/share/datasets/fashion-mnist/";
  s.add(make_key("seed", KeyType::Int, "0",
                 "Seed of the victim's initialization, the defenses' noise and every attack's random start.",
                 0));
  s.add(make_key("data.train_images", KeyType::String, fmnist + "train-images-idx3-ubyte.gz",
                 "Training images (generator training)."));
  s.add(make_key("data.train_labels", KeyType::String, fmnist + "train-labels-idx1-ubyte.gz",
                 "Training labels."));
  s.add(make_key("data.test_images", KeyType::String, fmnist + "t10k-images-idx3-ubyte.gz",
                 "Test images: the attacked batches (and the other clients' under secure aggregation)."));
  s.add(make_key("data.test_labels", KeyType::String, fmnist + "t10k-labels-idx1-ubyte.gz", "Test labels."));
  s.add(make_key("data.max_train_samples", KeyType::Int, "0",
                 "Keep only the first N training images (0: all).", 0));
  s.add(make_key("data.mean", KeyType::Float, "0.2860", "Pixel mean the victim's inputs are centred with."));
  s.add(make_key("data.std", KeyType::Float, "0.3530", "Pixel standard deviation of the victim's inputs.", 0,
                 kInf, true));

  s.add(make_choice("model.name", "convnet", {"logreg", "mlp", "convnet", "torchscript"},
                    "Victim model, initialized from `seed` (untrained, as in the GIFD setting)."));
  s.add(make_key("model.hidden", KeyType::IntList, "[200]", "Hidden layer widths of the MLP.", 1));
  s.add(make_choice("model.activation", "relu", {"relu", "sigmoid", "tanh"},
                    "Activation of the MLP and ConvNet (DLG used sigmoid)."));
  s.add(make_key("model.path", KeyType::String, "\"\"", "TorchScript file for `model.name: torchscript`."));

  s.add(
      make_key("generator.path", KeyType::String, "\"\"",
               "Generator checkpoint for latent_adam, ggl and gifd (from `fedsec attack train-generator`)."));
  s.add(make_key("generator.latent", KeyType::Int, "100", "Latent size of a generator to train.", 1));
  s.add(make_key("generator.width", KeyType::Int, "32", "Width (ngf) of a generator to train.", 1));
  s.add(
      make_key("generator.discriminator_width", KeyType::Int, "32", "Width (ndf) of its discriminator.", 1));
  s.add(make_key("generator.epochs", KeyType::Int, "6", "Training epochs.", 1));
  s.add(make_key("generator.batch_size", KeyType::Int, "128", "Training batch size.", 2));
  s.add(make_key("generator.lr", KeyType::Float, "0.0002", "Adam learning rate of both networks.", 0, kInf,
                 true));
  s.add(make_key("generator.classes", KeyType::IntList, "[]",
                 "Train only on these classes (e.g. [0, 1, 2, 3, 4] for the out-of-distribution study).", 0,
                 9));

  s.add(make_key("inversion.methods", KeyType::StringList, "[idlg, ig, latent_adam, ggl, gifd]",
                 "Attacks to run: dlg, idlg, ig, latent_adam, ggl, gifd."));
  s.add(make_key("inversion.targets.batches", KeyType::Int, "1", "Number of attacked batches.", 1));
  s.add(make_key("inversion.targets.batch_size", KeyType::Int, "1", "Images per batch (distinct labels).", 1,
                 10));
  s.add(make_key("inversion.targets.first_index", KeyType::Int, "0", "Test-set index the batches start from.",
                 0));
  s.add(make_key("inversion.targets.classes", KeyType::IntList, "[]",
                 "Attack only images of these classes (empty: all).", 0, 9));
  s.add(make_choice("inversion.gradient.source", "fedsgd", {"fedsgd", "fedavg"},
                    "What the victim shares: its batch gradient, or its update after local SGD steps."));
  s.add(make_key("inversion.gradient.local_steps", KeyType::Int, "4", "Local steps of fedavg (and dp_sgd).",
                 1));
  s.add(
      make_key("inversion.gradient.local_lr", KeyType::Float, "0.01", "Local learning rate.", 0, kInf, true));
  s.add(make_choice("inversion.defense.name", "none",
                    {"none", "clip", "prune", "soteria", "noise", "dp_sgd", "secagg"},
                    "Defense applied before the server sees the gradient."));
  s.add(make_key("inversion.defense.clip_norm", KeyType::Float, "4.0", "clip: global L2 bound.", 0, kInf,
                 true));
  s.add(make_key("inversion.defense.prune_fraction", KeyType::Float, "0.2",
                 "prune: fraction of entries zeroed per tensor (smallest magnitude).", 0, 1, false, true));
  s.add(make_key("inversion.defense.soteria_fraction", KeyType::Float, "0.1",
                 "soteria: fraction of output-layer input features masked.", 0, 1, false, true));
  s.add(make_key("inversion.defense.noise_std", KeyType::Float, "0.01", "noise: per-entry Gaussian std.", 0));
  s.add(make_key("inversion.defense.dp_clip_norm", KeyType::Float, "1.0",
                 "dp_sgd: per-sample clipping bound.", 0, kInf, true));
  s.add(make_key("inversion.defense.dp_noise_multiplier", KeyType::Float, "1.0", "dp_sgd: noise std / clip.",
                 0));
  s.add(make_key("inversion.defense.secagg_clients", KeyType::Int, "10",
                 "secagg: clients whose gradients are summed (the victim among them).", 2));
  s.add(make_key("inversion.adaptive", KeyType::Bool, "true",
                 "Mirror clip, prune and soteria on the attacker's dummy gradient."));
  s.add(make_key("inversion.priors.tv", KeyType::Float, "0.0001", "Total-variation weight.", 0));
  s.add(make_key("inversion.priors.norm", KeyType::Float, "0.000001", "Image-norm weight.", 0));

  s.add(make_key("inversion.dlg.iterations", KeyType::Int, "300", "dlg / idlg: L-BFGS steps.", 1));
  s.add(make_key("inversion.dlg.evaluations", KeyType::Int, "20", "dlg / idlg: evaluations per L-BFGS step.",
                 1));
  s.add(make_key("inversion.dlg.lr", KeyType::Float, "1.0", "dlg / idlg: L-BFGS learning rate.", 0, kInf,
                 true));

  s.add(make_key("inversion.ig.steps", KeyType::Int, "4000", "ig: Adam steps per restart.", 1));
  s.add(make_key("inversion.ig.lr", KeyType::Float, "0.1", "ig: learning rate (x0.1 at 3/8, 5/8, 7/8).", 0,
                 kInf, true));
  s.add(make_key("inversion.ig.restarts", KeyType::Int, "2", "ig: restarts.", 1));
  s.add(make_key("inversion.ig.signed", KeyType::Bool, "true", "ig: feed the sign of the gradient to Adam."));
  s.add(make_choice("inversion.ig.distance", "cosine", {"cosine", "squared_l2"}, "ig: gradient distance."));

  s.add(
      make_key("inversion.gifd.steps", KeyType::Int, "1000", "gifd / latent_adam: Adam steps per stage.", 1));
  s.add(make_key("inversion.gifd.lr", KeyType::Float, "0.1", "gifd / latent_adam: learning rate.", 0, kInf,
                 true));
  s.add(make_key("inversion.gifd.restarts", KeyType::Int, "4", "gifd / latent_adam: restarts.", 1));
  s.add(make_key("inversion.gifd.radii", KeyType::StringList, "[100, 200, 400]",
                 "gifd: l1 radius of each feature stage 1..K (K = length, at most 3)."));
  s.add(make_choice("inversion.gifd.distance", "cosine", {"cosine", "squared_l2"},
                    "gifd / latent_adam / ggl: gradient distance."));

  s.add(make_key("inversion.ggl.generations", KeyType::Int, "100", "ggl: CMA-ES generations.", 1));
  s.add(make_key("inversion.ggl.population", KeyType::Int, "50", "ggl: CMA-ES population.", 2));
  s.add(make_key("inversion.ggl.sigma", KeyType::Float, "0.5", "ggl: initial CMA-ES step size.", 0, kInf,
                 true));
  s.add(make_key("inversion.ggl.kl", KeyType::Float, "0.1", "ggl: weight of KL(z || N(0, I)).", 0));
  return s;
}

std::vector<double> parse_radii(const std::vector<std::string>& items) {
  std::vector<double> radii;
  for (const auto& item : items) {
    size_t used = 0;
    double r = -1;
    try {
      r = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || !(r >= 0))
      throw UsageError("inversion.gifd.radii: '" + item + "' is not a radius >= 0");
    radii.push_back(r);
  }
  if (radii.size() > 3) throw UsageError("inversion.gifd.radii: the DCGAN has at most 3 feature stages");
  return radii;
}

}  // namespace

const fl::ConfigSchema& inversion_schema() {
  static const fl::ConfigSchema schema = build_schema();
  return schema;
}

const std::vector<std::string>& inversion_methods() {
  static const std::vector<std::string> methods{"dlg", "idlg", "ig", "latent_adam", "ggl", "gifd"};
  return methods;
}

InversionConfig read_inversion_config(const fl::Config& c) {
  InversionConfig out;
  out.seed = static_cast<uint64_t>(c.get_int("seed"));
  out.targets.batches = c.get_int("inversion.targets.batches");
  out.targets.batch_size = c.get_int("inversion.targets.batch_size");
  out.targets.first_index = c.get_int("inversion.targets.first_index");
  out.targets.classes = c.get_int_list("inversion.targets.classes");

  auto& o = out.observation;
  o.source = parse_gradient_source(c.get_string("inversion.gradient.source"));
  o.local_steps = c.get_int("inversion.gradient.local_steps");
  o.local_lr = c.get_double("inversion.gradient.local_lr");
  o.defense = parse_observation_defense(c.get_string("inversion.defense.name"));
  o.transform.clip_norm = c.get_double("inversion.defense.clip_norm");
  o.transform.prune_fraction = c.get_double("inversion.defense.prune_fraction");
  o.transform.soteria_fraction = c.get_double("inversion.defense.soteria_fraction");
  o.transform.noise_std = c.get_double("inversion.defense.noise_std");
  o.dp_clip_norm = c.get_double("inversion.defense.dp_clip_norm");
  o.dp_noise_multiplier = c.get_double("inversion.defense.dp_noise_multiplier");
  o.secagg_clients = c.get_int("inversion.defense.secagg_clients");
  o.seed = out.seed;
  out.adaptive = c.get_bool("inversion.adaptive");
  out.priors.total_variation = c.get_double("inversion.priors.tv");
  out.priors.norm = c.get_double("inversion.priors.norm");

  out.methods = c.get_string_list("inversion.methods");
  if (out.methods.empty()) throw UsageError("inversion.methods is empty: name at least one attack");
  for (const auto& m : out.methods) {
    const auto& known = inversion_methods();
    if (std::find(known.begin(), known.end(), m) == known.end())
      throw UsageError("inversion.methods: unknown attack '" + m +
                       "' (dlg, idlg, ig, latent_adam, ggl, gifd)");
  }

  out.dlg.iterations = c.get_int("inversion.dlg.iterations");
  out.dlg.max_evaluations = c.get_int("inversion.dlg.evaluations");
  out.dlg.lr = c.get_double("inversion.dlg.lr");
  out.ig.search.steps = c.get_int("inversion.ig.steps");
  out.ig.search.lr = c.get_double("inversion.ig.lr");
  out.ig.search.schedule = LrSchedule::StepDecay;
  out.ig.search.signed_gradients = c.get_bool("inversion.ig.signed");
  out.ig.restarts = c.get_int("inversion.ig.restarts");
  out.ig_distance = parse_gradient_distance(c.get_string("inversion.ig.distance"));
  out.gifd.search.steps = c.get_int("inversion.gifd.steps");
  out.gifd.search.lr = c.get_double("inversion.gifd.lr");
  out.gifd.search.schedule = LrSchedule::WarmupCosine;
  out.gifd.restarts = c.get_int("inversion.gifd.restarts");
  out.gifd.radii = parse_radii(c.get_string_list("inversion.gifd.radii"));
  out.generative_distance = parse_gradient_distance(c.get_string("inversion.gifd.distance"));
  out.ggl.generations = c.get_int("inversion.ggl.generations");
  out.ggl.population = c.get_int("inversion.ggl.population");
  out.ggl.sigma = c.get_double("inversion.ggl.sigma");
  out.ggl.kl_weight = c.get_double("inversion.ggl.kl");

  const bool generative = std::any_of(out.methods.begin(), out.methods.end(), [](const std::string& m) {
    return m == "latent_adam" || m == "ggl" || m == "gifd";
  });
  // Only the generative attacks read the checkpoint; IG or DLG alone run without one on disk.
  out.generator_path = generative ? c.get_string("generator.path") : "";
  if (generative && out.generator_path.empty())
    throw UsageError(
        "latent_adam, ggl and gifd need generator.path (train one with `fedsec attack train-generator`)");
  return out;
}

GeneratorTrainingOptions read_generator_training(const fl::Config& c) {
  GeneratorTrainingOptions t;
  t.dcgan.latent = c.get_int("generator.latent");
  t.dcgan.width = c.get_int("generator.width");
  t.discriminator_width = c.get_int("generator.discriminator_width");
  t.epochs = c.get_int("generator.epochs");
  t.batch_size = c.get_int("generator.batch_size");
  t.lr = c.get_double("generator.lr");
  t.classes = c.get_int_list("generator.classes");
  t.seed = static_cast<uint64_t>(c.get_int("seed"));
  return t;
}

}  // namespace fedsec::attacks
