#pragma once
// Sign-flipping Byzantine client: computes the honest update, then sends -scale times it
// (e.g. Allen-Zhu et al. 2021; scale 1 is the plain sign flip).

#include "fl/client_behaviour.h"

namespace fedsec::attacks {

class SignFlipClient final : public fl::ClientBehaviour {
 public:
  explicit SignFlipClient(double scale) : scale_(scale) {}
  fl::ClientReply respond(fl::ClientContext& context) override;

 private:
  double scale_;
};

}  // namespace fedsec::attacks
