#include "privacy/register.h"

#include "privacy/channel_transport.h"
#include "privacy/clip_transform.h"
#include "privacy/dp_mechanisms.h"
#include "privacy/secagg_transport.h"

namespace fedsec::privacy {

void register_components(fl::Registry& registry) {
  registry.schema().add(fl::make_key("transform.clip_l2.max_norm", fl::KeyType::Float, "1.0",
                                     "L2 norm bound of the `clip_l2` transform.", 0,
                                     std::numeric_limits<double>::infinity(), true));
  registry.add_transform("clip_l2", [](const fl::Config& c) {
    return std::make_unique<ClipL2Transform>(c.get_double("transform.clip_l2.max_norm"));
  });
  register_dp_mechanisms(registry);
  registry.add_transport("channel", [](const fl::Config& c) {
    return std::make_unique<ChannelTransport>(static_cast<uint64_t>(c.get_int("seed")));
  });
  register_secagg_transports(registry);
}

}  // namespace fedsec::privacy
