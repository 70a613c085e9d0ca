#pragma once
// A DCGAN generator (Radford et al., ICLR 2016) for 32 x 32 single-channel images, written as a
// chain of four blocks that can be entered at any stage, as GIFD's feature-domain search needs:
//
//   stage 0: z (latent x 1 x 1)   -> ConvTranspose 4x4 s1 p0 -> BN -> ReLU -> 4w x 4 x 4    (h1)
//   stage 1: h1                    -> ConvTranspose 4x4 s2 p1 -> BN -> ReLU -> 2w x 8 x 8    (h2)
//   stage 2: h2                    -> ConvTranspose 4x4 s2 p1 -> BN -> ReLU -> w x 16 x 16   (h3)
//   stage 3: h3                    -> ConvTranspose 4x4 s2 p1 -> tanh       -> 1 x 32 x 32   (image)
//
// w is the width (ngf). Batch normalization uses batch statistics while training and the running
// statistics otherwise (attacks run the generator in eval mode).

#include "fl/tensor.h"

#include <string>
#include <vector>

namespace fedsec::attacks {

struct DcganOptions {
  int64_t latent = 100;
  int64_t width = 32;
};

// What a checkpoint records about how the generator was trained.
struct GeneratorProvenance {
  std::vector<int64_t> classes;  // classes it was trained on (empty: all)
  int64_t epochs = 0;
  uint64_t seed = 0;
};

class DcganGenerator {
 public:
  static constexpr int kBlocks = 4;

  // DCGAN initialization: conv weights N(0, 0.02), BN scale N(1, 0.02), shifts 0, drawn from a
  // generator seeded by init_seed.
  DcganGenerator(DcganOptions options, uint64_t init_seed);

  // Block k applied to its input h_k (h_0 is z as N x latent x 1 x 1).
  torch::Tensor block(const torch::Tensor& h, int k) const;
  // Blocks k..3: the image (N x 1 x 32 x 32 in [-1, 1]) from the stage-k input.
  torch::Tensor forward_from(const torch::Tensor& h, int k) const;
  // The stage-k input h_k computed from latents z (N x latent); k = 0 gives z reshaped.
  torch::Tensor stage_input(const torch::Tensor& z, int k) const;
  torch::Tensor generate(const torch::Tensor& z) const { return forward_from(stage_input(z, 0), 0); }

  void set_training(bool training) { training_ = training; }
  // The trainable tensors (conv weights, BN scales and shifts).
  std::vector<torch::Tensor> parameters() const;
  const DcganOptions& options() const { return options_; }

  // Writes a checkpoint atomically: a JSON header line, then every tensor as float32.
  void save(const std::string& path, const GeneratorProvenance& provenance) const;
  // Reads a checkpoint; throws fl::DataFileError naming the file if it is not a valid one.
  static DcganGenerator load(const std::string& path, GeneratorProvenance* provenance = nullptr);

 private:
  std::vector<torch::Tensor> tensors() const;  // parameters, then BN running statistics

  DcganOptions options_;
  std::vector<torch::Tensor> weights_;                     // one per block
  std::vector<torch::Tensor> bn_scale_, bn_shift_;         // blocks 0..2
  std::vector<torch::Tensor> running_mean_, running_var_;  // blocks 0..2
  bool training_ = false;
};

}  // namespace fedsec::attacks
