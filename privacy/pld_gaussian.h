#pragma once
// Exact hockey-stick divergences of the (Poisson-subsampled) Gaussian mechanism with sensitivity 1,
// the inputs of the PLD accountant's discretization. delta(eps) = sup over events of
// P(E) - e^eps Q(E) for the dominating pair (P, Q) of one adjacency direction.

namespace fedsec::privacy {

// Which neighbour is the larger dataset. Remove: P = (1-q) N(0, s^2) + q N(-1, s^2) vs Q = N(0, s^2).
// Add: P = N(0, s^2) vs Q = (1-q) N(0, s^2) + q N(1, s^2). With q = 1 both are the plain Gaussian.
enum class PldSide { kRemove, kAdd };

// delta(eps) of the Gaussian mechanism with noise multiplier sigma (Balle & Wang 2018, "Improving the
// Gaussian Mechanism for Differential Privacy", arXiv:1805.06530, Thm. 8):
// Phi(-eps sigma + 1/(2 sigma)) - e^eps Phi(-eps sigma - 1/(2 sigma)), computed in log space.
double gaussian_delta(double sigma, double eps);

// delta(eps) of one release of the Poisson-subsampled Gaussian mechanism, for one side. Uses the
// reduction to the plain Gaussian: remove gives q * gaussian_delta(l) with l = log(1 + (e^eps - 1)/q)
// (and 1 - e^eps for eps <= log(1-q)); add gives q e^(eps - l) gaussian_delta(l) with
// l = -log(1 + (e^-eps - 1)/q) (and 0 for eps >= -log(1-q)).
double subsampled_gaussian_delta(double sigma, double q, PldSide side, double eps);

// The privacy loss log(p(x)/q(x)) of the pair of `side` at output x; non-increasing in x.
double subsampled_gaussian_loss(double sigma, double q, PldSide side, double x);

// The exact epsilon of the Gaussian mechanism at delta (the smallest eps >= 0 with
// gaussian_delta(sigma, eps) <= delta), by bisection to 1e-12 relative. k Gaussian releases with
// noise multipliers s_i compose exactly to one with sigma = (sum_i s_i^-2)^(-1/2) (Dong, Roth, Su 2019,
// "Gaussian Differential Privacy", arXiv:1905.02383, Cor. 3.3).
double gaussian_epsilon(double sigma, double delta);

}  // namespace fedsec::privacy
