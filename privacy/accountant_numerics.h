#pragma once
// Log-space arithmetic and Gaussian tail functions shared by the accountants. Every function is
// accurate far into the tails, where the plain formulas underflow or cancel.

namespace fedsec::privacy {

// log(exp(a) + exp(b)); either argument may be -infinity (a zero).
double log_add(double a, double b);

// log(exp(a) - exp(b)) for a >= b; returns -infinity when a == b. Throws std::domain_error when
// a < b, since the difference would be negative.
double log_sub(double a, double b);

// log(Phi(z)), the log of the standard normal CDF, with full relative accuracy for all z
// (asymptotic series below z = -35, where Phi underflows).
double log_ndtr(double z);

// log(erfc(x)) for all x, via log_ndtr.
double log_erfc(double x);

}  // namespace fedsec::privacy
