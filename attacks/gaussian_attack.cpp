#include "attacks/gaussian_attack.h"

#include "attacks/forged_update.h"

namespace fedsec::attacks {

fl::ClientReply GaussianClient::respond(fl::ClientContext& context) {
  auto generator = at::detail::createCPUGenerator((*context.rng)());
  return forged_reply(
      at::normal(mean_, stddev_, context.global->sizes(), generator, context.global->options()));
}

}  // namespace fedsec::attacks
