#pragma once
// Mimic (Karimireddy, He and Jaggi, ICLR 2022): every attacker sends a copy of one honest update,
// over-weighting that client; it hurts only under heterogeneous data. The copied client is the one
// whose update lies furthest along the top principal direction of the round's honest updates
// (largest |<x_i - mu, v_1>|, the lowest index on ties). The paper fixes that choice after a
// warm-up; here it is made afresh every round, from that round's updates only.

#include "attacks/forged_update.h"

namespace fedsec::attacks {

// Row of the h x d honest matrix that mimic copies.
int64_t mimic_target(const torch::Tensor& honest);

class MimicClient final : public OmniscientAttack {
 protected:
  torch::Tensor forge(const torch::Tensor& honest, const fl::ClientContext& context) const override;
};

}  // namespace fedsec::attacks
