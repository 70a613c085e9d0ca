#pragma once
// Gaussian-noise Byzantine client: sends an update of independent N(mean, stddev^2) entries and
// trains nothing (ByzFL's default is mean 0, stddev 1). Its stream is the client's own, so the
// noise is reproducible from the seed.

#include "fl/client_behaviour.h"

namespace fedsec::attacks {

class GaussianClient final : public fl::ClientBehaviour {
 public:
  GaussianClient(double mean, double stddev) : mean_(mean), stddev_(stddev) {}
  fl::ClientReply respond(fl::ClientContext& context) override;

 private:
  double mean_, stddev_;
};

}  // namespace fedsec::attacks
