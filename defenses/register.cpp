#include "defenses/register.h"

#include "defenses/bulyan.h"
#include "defenses/centered_clipping.h"
#include "defenses/flag_aggregator.h"
#include "defenses/geometric_median.h"
#include "defenses/krum.h"
#include "defenses/meamed.h"
#include "defenses/mean.h"
#include "defenses/median.h"
#include "defenses/robust_aggregator.h"
#include "defenses/trimmed_mean.h"

namespace fedsec::defenses {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

void add_keys(fl::ConfigSchema& s) {
  using fl::KeyType;
  s.add(fl::make_key(
      "server.f", KeyType::Int, "0",
      "Assumed largest number of Byzantine updates in a round; robust aggregators and NNM use it and "
      "refuse to run when clients_per_round is too small for it.",
      0));
  s.add(fl::make_choice(
      "server.pre_aggregation", "none", {"none", "nnm"},
      "Step applied to the updates before server.aggregator: `nnm` is nearest-neighbour mixing."));
  s.add(
      fl::make_key("aggregator.trimmed_mean.beta", KeyType::Float, "0.0",
                   "Fraction trimmed from each end per coordinate (b = floor(beta n)); 0 trims b = server.f.",
                   0, 0.5, false, true));
  s.add(fl::make_key("aggregator.multi_krum.m", KeyType::Int, "0",
                     "Updates averaged by `multi_krum` (0: n - server.f).", 0));
  s.add(fl::make_key("aggregator.geometric_median.iterations", KeyType::Int, "100",
                     "Most Weiszfeld iterations.", 1));
  s.add(fl::make_key("aggregator.geometric_median.smoothing", KeyType::Float, "1e-6",
                     "Smoothing nu: distances below it count as nu.", 0, kInf, true));
  s.add(fl::make_key(
      "aggregator.geometric_median.tolerance", KeyType::Float, "1e-6",
      "Stop when the objective decreases by less than this fraction of its value (0: never stop early).", 0));
  s.add(fl::make_key("aggregator.centered_clipping.tau", KeyType::Float, "10.0", "Clipping radius tau.", 0,
                     kInf, true));
  s.add(fl::make_key("aggregator.centered_clipping.iterations", KeyType::Int, "1", "Clipping iterations L.",
                     1));
  s.add(fl::make_key("aggregator.flag.m", KeyType::Int, "0",
                     "Subspace dimension (0: ceil(n/2)); must be < n.", 0));
  s.add(fl::make_key("aggregator.flag.lambda", KeyType::Float, "0.0", "Weight of the pairwise term.", 0));
  s.add(fl::make_key("aggregator.flag.iterations", KeyType::Int, "4",
                     "Most IRLS iterations (the official code: 1).", 1));
}

using RuleFactory = std::function<std::unique_ptr<Rule>(const fl::Config&)>;

void add_rule(fl::Registry& registry, const std::string& name, RuleFactory make) {
  registry.add_aggregator(name, [name, make](const fl::Config& c) {
    return std::make_unique<RobustAggregator>(name, make(c), c.get_int("server.f"),
                                              c.get_string("server.pre_aggregation") == "nnm");
  });
}

}  // namespace

void register_components(fl::Registry& registry) {
  add_keys(registry.schema());
  // Replaces the core mean so that server.pre_aggregation applies to it too.
  add_rule(registry, "mean", [](const fl::Config&) { return std::make_unique<MeanRule>(); });
  add_rule(registry, "median", [](const fl::Config&) { return std::make_unique<MedianRule>(); });
  add_rule(registry, "trimmed_mean", [](const fl::Config& c) {
    return std::make_unique<TrimmedMeanRule>(c.get_double("aggregator.trimmed_mean.beta"));
  });
  add_rule(registry, "meamed", [](const fl::Config&) { return std::make_unique<MeaMedRule>(); });
  add_rule(registry, "krum", [](const fl::Config&) { return std::make_unique<KrumRule>(); });
  add_rule(registry, "multi_krum", [](const fl::Config& c) {
    return std::make_unique<MultiKrumRule>(c.get_int("aggregator.multi_krum.m"));
  });
  add_rule(registry, "geometric_median", [](const fl::Config& c) {
    GeometricMedianOptions o;
    o.iterations = c.get_int("aggregator.geometric_median.iterations");
    o.smoothing = c.get_double("aggregator.geometric_median.smoothing");
    o.tolerance = c.get_double("aggregator.geometric_median.tolerance");
    return std::make_unique<GeometricMedianRule>(o);
  });
  add_rule(registry, "bulyan", [](const fl::Config&) { return std::make_unique<BulyanRule>(); });
  add_rule(registry, "centered_clipping", [](const fl::Config& c) {
    return std::make_unique<CenteredClippingRule>(c.get_double("aggregator.centered_clipping.tau"),
                                                  c.get_int("aggregator.centered_clipping.iterations"));
  });
  add_rule(registry, "flag", [](const fl::Config& c) {
    FlagOptions o;
    o.m = c.get_int("aggregator.flag.m");
    o.lambda = c.get_double("aggregator.flag.lambda");
    o.iterations = c.get_int("aggregator.flag.iterations");
    return std::make_unique<FlagAggregatorRule>(o);
  });
}

}  // namespace fedsec::defenses
