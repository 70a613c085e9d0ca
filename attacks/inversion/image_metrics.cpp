#include "attacks/inversion/image_metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fedsec::attacks {
namespace {

constexpr int64_t kWindow = 11;
constexpr double kSigma = 1.5;
constexpr double kC1 = 0.01 * 0.01;
constexpr double kC2 = 0.03 * 0.03;
constexpr double kMaxPsnr = 100.0;

// The normalized 11 x 11 Gaussian window as a 1 x 1 x 11 x 11 convolution kernel (float64).
torch::Tensor gaussian_window() {
  auto offsets = torch::arange(kWindow, torch::kFloat64) - (kWindow - 1) / 2.0;
  auto g = torch::exp(-offsets * offsets / (2.0 * kSigma * kSigma));
  g = g / g.sum();
  return torch::outer(g, g).view({1, 1, kWindow, kWindow});
}

// Mean SSIM of each image of a batch (N x C x H x W, float64), over channels and valid windows.
torch::Tensor ssim_per_image(const torch::Tensor& a, const torch::Tensor& b) {
  const int64_t n = a.size(0), c = a.size(1);
  const auto window = gaussian_window();
  auto filter = [&](const torch::Tensor& x) {
    return at::conv2d(x.reshape({n * c, 1, x.size(2), x.size(3)}), window);
  };
  const auto mu_a = filter(a), mu_b = filter(b);
  const auto var_a = filter(a * a) - mu_a * mu_a;
  const auto var_b = filter(b * b) - mu_b * mu_b;
  const auto cov = filter(a * b) - mu_a * mu_b;
  const auto map = ((2 * mu_a * mu_b + kC1) * (2 * cov + kC2)) /
                   ((mu_a * mu_a + mu_b * mu_b + kC1) * (var_a + var_b + kC2));
  return map.reshape({n, -1}).mean(1);
}

}  // namespace

std::vector<ImageScores> score_images(const torch::Tensor& reconstruction, const torch::Tensor& truth) {
  if (reconstruction.dim() != 4 || reconstruction.sizes() != truth.sizes())
    throw std::invalid_argument("image scores need two N x C x H x W batches of the same shape");
  if (truth.size(2) < kWindow || truth.size(3) < kWindow)
    throw std::invalid_argument("images must be at least 11 x 11 for SSIM");
  torch::NoGradGuard no_grad;
  const auto a = reconstruction.detach().to(torch::kFloat64).clamp(0.0, 1.0);
  const auto b = truth.detach().to(torch::kFloat64).clamp(0.0, 1.0);
  const auto mse = (a - b).pow(2).reshape({a.size(0), -1}).mean(1);
  const auto ssim = ssim_per_image(a, b);
  std::vector<ImageScores> scores(static_cast<size_t>(a.size(0)));
  for (int64_t i = 0; i < a.size(0); ++i) {
    auto& s = scores[static_cast<size_t>(i)];
    s.mse = mse[i].item<double>();
    s.psnr = s.mse > 0 ? std::min(kMaxPsnr, -10.0 * std::log10(s.mse)) : kMaxPsnr;
    s.ssim = ssim[i].item<double>();
  }
  return scores;
}

}  // namespace fedsec::attacks
