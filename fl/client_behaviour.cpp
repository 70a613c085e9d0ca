#include "fl/client_behaviour.h"

namespace fedsec::fl {

ClientReply honest_reply(ClientContext& c, const torch::Tensor& labels) {
  ClientReply reply;
  if (c.task == ClientTask::LocalTraining) {
    reply.train_loss = (c.privacy ? c.privacy->train(*c.model, *c.data, labels, *c.samples, c.sgd, *c.rng)
                                  : train_local_sgd(*c.model, *c.data, labels, *c.samples, c.sgd, *c.rng))
                           .mean_loss;
    reply.update = c.model->params() - *c.global;
  } else {
    reply.update = torch::empty_like(*c.global);
    reply.train_loss =
        full_batch_gradient(*c.model, *c.data, labels, *c.samples, c.gradient_chunk, reply.update);
  }
  return reply;
}

ClientReply HonestClient::respond(ClientContext& context) {
  return honest_reply(context, context.data->labels);
}

}  // namespace fedsec::fl
