#pragma once
// Renyi DP of one release of the Poisson-subsampled Gaussian mechanism (add/remove adjacency):
// Mironov, Talwar, Zhang, "Renyi Differential Privacy of the Sampled Gaussian Mechanism",
// arXiv:1908.10530, Section 3.3. The RDP at order alpha is log(A_alpha) / (alpha - 1), where
// A_alpha = E_{x ~ N(0, sigma^2)} [((1 - q) + q exp((2x - 1) / (2 sigma^2)))^alpha].

namespace fedsec::privacy {

// RDP at order alpha > 1 of one release with sampling rate q in (0, 1] and noise multiplier
// sigma > 0. Integer orders use the exact binomial expansion; fractional orders use the exact
// signed two-sided series of MTZ19 (the sum Opacus computes, not dp_accounting's sum of absolute
// values, which is a looser bound since dp_accounting 0.5.0). Every term is handled in log space.
// q = 1 is the plain Gaussian mechanism, alpha / (2 sigma^2). Throws fedsec::UsageError on
// arguments outside these ranges.
double rdp_sampled_gaussian(double q, double sigma, double alpha);

}  // namespace fedsec::privacy
