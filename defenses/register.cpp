#include "defenses/register.h"

#include "defenses/median_aggregator.h"

namespace fedsec::defenses {

void register_components(fl::Registry& registry) {
  registry.add_aggregator("median", [](const fl::Config&) { return std::make_unique<MedianAggregator>(); });
}

}  // namespace fedsec::defenses
