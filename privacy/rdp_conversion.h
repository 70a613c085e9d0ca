#pragma once
// Conversion of an RDP curve (RDP at a list of orders) to an (epsilon, delta) guarantee.

#include <vector>

#include "privacy/accountant.h"

namespace fedsec::privacy {

enum class RdpConversion {
  // Balle, Barthe, Gaboardi, Hsu, Sato, "Hypothesis Testing Interpretations and Renyi Differential
  // Privacy", AISTATS 2020, arXiv:1905.09982, Theorem 21 (also Canonne, Kamath, Steinke 2020,
  // Prop. 12): eps = min_a rdp(a) + log((a-1)/a) - (log(delta) + log(a)) / (a-1). Opacus' default.
  kImproved,
  // Mironov, "Renyi Differential Privacy", CSF 2017, Proposition 3:
  // eps = min_a rdp(a) + log(1/delta) / (a-1).
  kClassic,
};

// The smallest epsilon over the orders, and the order that attains it (the first one on ties, as
// numpy's argmin). Epsilon is clamped at 0. Orders with an infinite or NaN bound are skipped; if
// none is finite the result is +infinity with no order. Throws fedsec::UsageError unless
// 0 < delta < 1, orders and rdp have the same length, and every order is > 1.
EpsilonResult rdp_to_epsilon(const std::vector<double>& orders, const std::vector<double>& rdp, double delta,
                             RdpConversion conversion = RdpConversion::kImproved);

}  // namespace fedsec::privacy
