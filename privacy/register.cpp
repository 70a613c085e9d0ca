#include "privacy/register.h"

#include "privacy/clip_transform.h"
#include "privacy/dp_mechanisms.h"

namespace fedsec::privacy {

void register_components(fl::Registry& registry) {
  fl::KeySpec max_norm;
  max_norm.path = "transform.clip_l2.max_norm";
  max_norm.type = fl::KeyType::Float;
  max_norm.default_yaml = "1.0";
  max_norm.doc = "L2 norm bound of the `clip_l2` transform.";
  max_norm.min = 0;
  max_norm.min_exclusive = true;
  registry.schema().add(max_norm);
  registry.add_transform("clip_l2", [](const fl::Config& c) {
    return std::make_unique<ClipL2Transform>(c.get_double("transform.clip_l2.max_norm"));
  });
  register_dp_mechanisms(registry);
}

}  // namespace fedsec::privacy
