#include "attacks/label_flip.h"

namespace fedsec::attacks {

fl::ClientReply LabelFlipClient::respond(fl::ClientContext& context) {
  const torch::Tensor flipped = (context.data->num_classes - 1) - context.data->labels;
  return fl::honest_reply(context, flipped);
}

}  // namespace fedsec::attacks
