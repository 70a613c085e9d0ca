#include "attacks/register.h"

#include "attacks/alie.h"
#include "attacks/deviation_attack.h"
#include "attacks/gaussian_attack.h"
#include "attacks/ipm.h"
#include "attacks/label_flip.h"
#include "attacks/mimic.h"
#include "attacks/sign_flip.h"

namespace fedsec::attacks {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using fl::KeyType;
using fl::make_choice;
using fl::make_key;

void add_deviation_attack(fl::Registry& registry, const std::string& name, DeviationBound bound,
                          const std::string& condition) {
  const std::string key = "attack." + name + ".direction";
  registry.schema().add(make_choice(key, "std", {"std", "unit_vec", "sign"},
                                    "Deviation p of `" + name + "` clients, who send mu - gamma p with the " +
                                        "largest gamma such that " + condition +
                                        ": `std` (coordinate-wise standard deviation of the honest updates), "
                                        "`unit_vec` (mu / ||mu||) or `sign` (sign of mu)."));
  registry.add_behaviour(name, [bound, key](const fl::Config& c) {
    return std::make_unique<DeviationClient>(bound, parse_deviation_direction(c.get_string(key)));
  });
}

}  // namespace

void register_components(fl::Registry& registry) {
  auto& schema = registry.schema();
  schema.add(make_key("attack.sign_flip.scale", KeyType::Float, "1.0",
                      "Multiplier of the flipped update sent by `sign_flip` clients.", 0, kInf, true));
  registry.add_behaviour("sign_flip", [](const fl::Config& c) {
    return std::make_unique<SignFlipClient>(c.get_double("attack.sign_flip.scale"));
  });

  registry.add_behaviour("label_flip", [](const fl::Config&) { return std::make_unique<LabelFlipClient>(); });

  schema.add(make_key("attack.gaussian.mean", KeyType::Float, "0.0",
                      "Mean of every entry of the update sent by `gaussian` clients."));
  schema.add(make_key("attack.gaussian.stddev", KeyType::Float, "1.0",
                      "Standard deviation of every entry of the update sent by `gaussian` clients.", 0));
  registry.add_behaviour("gaussian", [](const fl::Config& c) {
    return std::make_unique<GaussianClient>(c.get_double("attack.gaussian.mean"),
                                            c.get_double("attack.gaussian.stddev"));
  });

  schema.add(make_key("attack.alie.z", KeyType::Float, "0.0",
                      "z of `alie` clients, who send mu - z sigma of the honest updates (0: Baruch et al.'s "
                      "Algorithm 1, z = Phi^-1((n - s)/n) with s = floor(n/2 + 1) - f).",
                      0));
  registry.add_behaviour("alie", [](const fl::Config& c) {
    return std::make_unique<AlieClient>(c.get_double("attack.alie.z"));
  });

  schema.add(make_key("attack.ipm.epsilon", KeyType::Float, "0.1",
                      "`ipm` clients send -epsilon times the mean of the honest updates.", 0, kInf, true));
  registry.add_behaviour("ipm", [](const fl::Config& c) {
    return std::make_unique<IpmClient>(c.get_double("attack.ipm.epsilon"));
  });

  add_deviation_attack(registry, "min_max", DeviationBound::MaxDistance,
                       "its largest squared distance to an honest update is at most the largest between two "
                       "honest updates");
  add_deviation_attack(registry, "min_sum", DeviationBound::SumDistance,
                       "its summed squared distances to the honest updates are at most the smallest such sum "
                       "of an honest update");

  registry.add_behaviour("mimic", [](const fl::Config&) { return std::make_unique<MimicClient>(); });
}

}  // namespace fedsec::attacks
