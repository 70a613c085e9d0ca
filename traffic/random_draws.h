#pragma once
// Portable random draws for the traffic simulator. The standard library's distributions are
// implementation-defined, so a seed would give different data on different compilers; these
// functions use only fl::uniform_unit and so give the same numbers everywhere.

#include "fl/rng.h"

namespace fedsec::traffic {

// Standard normal N(0, 1) (Box-Muller, one draw per call).
double draw_normal(fl::Rng& rng);

// Lognormal with the given median and log-standard deviation: median * exp(sigma_log * N(0, 1)).
double draw_lognormal(fl::Rng& rng, double median, double sigma_log);

// Exponential with the given mean.
double draw_exponential(fl::Rng& rng, double mean);

// Poisson with the given mean >= 0, exact: Knuth's product method below a mean of 10, Hormann's
// transformed rejection (PTRS, "The transformed rejection method for generating Poisson random
// variables", Insurance: Mathematics and Economics 12, 1993) from 10 up.
long draw_poisson(fl::Rng& rng, double mean);

}  // namespace fedsec::traffic
