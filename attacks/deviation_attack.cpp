#include "attacks/deviation_attack.h"

#include <cmath>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

constexpr double kInitialScale = 10.0;
constexpr double kTolerance = 1e-5;

}  // namespace

DeviationDirection parse_deviation_direction(const std::string& name) {
  if (name == "std") return DeviationDirection::StdDev;
  if (name == "unit_vec") return DeviationDirection::UnitMean;
  if (name == "sign") return DeviationDirection::SignMean;
  throw UsageError("deviation direction '" + name + "': expected std, unit_vec or sign");
}

torch::Tensor deviation_direction(const torch::Tensor& honest, DeviationDirection direction) {
  const HonestStatistics s = honest_statistics(honest);
  switch (direction) {
    case DeviationDirection::StdDev:
      return s.stddev;
    case DeviationDirection::UnitMean: {
      const double norm = s.mean.to(torch::kFloat64).norm().item<double>();
      return norm > 0 ? s.mean / norm : torch::zeros_like(s.mean);
    }
    case DeviationDirection::SignMean:
      return s.mean.sign();
  }
  return s.stddev;
}

double deviation_scale(const torch::Tensor& honest, const torch::Tensor& direction, DeviationBound bound) {
  // ||v - x_i||^2 = a_i + 2 gamma b_i + gamma^2 c for v = mu - gamma p, with centred rows
  // x_i - mu: a_i = ||x_i - mu||^2, b_i = <x_i - mu, p>, c = ||p||^2.
  const torch::Tensor x = honest.to(torch::kFloat64);
  const torch::Tensor centred = x - x.mean(0, /*keepdim=*/true);
  const torch::Tensor p = direction.to(torch::kFloat64).reshape({-1});
  const torch::Tensor a = centred.square().sum(1);
  const torch::Tensor b = centred.matmul(p);
  const double c = p.dot(p).item<double>();
  const torch::Tensor gram = centred.matmul(centred.t());
  const torch::Tensor pairwise = (a.unsqueeze(1) + a.unsqueeze(0) - 2 * gram).clamp_min(0);
  const double limit = bound == DeviationBound::MaxDistance ? pairwise.max().item<double>()
                                                            : pairwise.sum(1).min().item<double>();
  auto accepted = [&](double gamma) {
    const torch::Tensor distances = a + 2 * gamma * b + gamma * gamma * c;
    const double worst = bound == DeviationBound::MaxDistance ? distances.max().item<double>()
                                                              : distances.sum().item<double>();
    return worst <= limit;
  };
  double gamma = kInitialScale, step = kInitialScale / 2, best = 0;
  while (std::abs(best - gamma) > kTolerance) {
    if (accepted(gamma)) {
      best = gamma;
      gamma += step;
    } else {
      gamma -= step;
    }
    step /= 2;
  }
  return best;
}

torch::Tensor DeviationClient::forge(const torch::Tensor& honest, const fl::ClientContext&) const {
  const torch::Tensor p = deviation_direction(honest, direction_);
  const double gamma = deviation_scale(honest, p, bound_);
  return honest_statistics(honest).mean - gamma * p;
}

}  // namespace fedsec::attacks
