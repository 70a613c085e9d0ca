#include "attacks/sign_flip.h"

namespace fedsec::attacks {

fl::ClientReply SignFlipClient::respond(fl::ClientContext& context) {
  fl::ClientReply reply = fl::honest_reply(context, context.data->labels);
  reply.update.mul_(-scale_);
  return reply;
}

}  // namespace fedsec::attacks
