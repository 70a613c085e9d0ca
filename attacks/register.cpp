#include "attacks/register.h"

#include "attacks/sign_flip.h"

namespace fedsec::attacks {

void register_components(fl::Registry& registry) {
  fl::KeySpec scale;
  scale.path = "attack.sign_flip.scale";
  scale.type = fl::KeyType::Float;
  scale.default_yaml = "1.0";
  scale.doc = "Multiplier of the flipped update sent by `sign_flip` clients.";
  scale.min = 0;
  scale.min_exclusive = true;
  registry.schema().add(scale);
  registry.add_behaviour("sign_flip", [](const fl::Config& c) {
    return std::make_unique<SignFlipClient>(c.get_double("attack.sign_flip.scale"));
  });
}

}  // namespace fedsec::attacks
