#pragma once
// Label-flipping Byzantine client (data poisoning): trains honestly on its shard with every
// label y replaced by C-1-y, C the number of classes (the convention of Blades and of
// Karimireddy et al., ICLR 2022), and sends the resulting update.

#include "fl/client_behaviour.h"

namespace fedsec::attacks {

class LabelFlipClient final : public fl::ClientBehaviour {
 public:
  fl::ClientReply respond(fl::ClientContext& context) override;
};

}  // namespace fedsec::attacks
