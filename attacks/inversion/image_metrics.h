#pragma once
// Image quality of a reconstruction against the ground truth, per image. Both batches are
// N x C x H x W unit images; they are clamped to [0, 1] first, so the peak value is 1.
//   mse:  mean squared pixel error.
//   psnr: 10 log10(1 / mse) in dB (capped at 100 dB for identical images).
//   ssim: structural similarity (Wang et al., IEEE TIP 2004) with an 11 x 11 Gaussian window,
//         sigma 1.5, C1 = 0.01^2, C2 = 0.03^2, averaged over the map's valid region (windows
//         fully inside the image, no padding) and over channels.
// See docs/inversion.md for how these differ from the GIFD and breaching code.

#include "fl/tensor.h"

#include <vector>

namespace fedsec::attacks {

struct ImageScores {
  double mse = 0.0;
  double psnr = 0.0;
  double ssim = 0.0;
};

// One score per image; throws std::invalid_argument if the shapes differ or are not 4-D.
std::vector<ImageScores> score_images(const torch::Tensor& reconstruction, const torch::Tensor& truth);

}  // namespace fedsec::attacks
