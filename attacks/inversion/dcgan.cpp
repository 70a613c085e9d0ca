#include "attacks/inversion/dcgan.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "fl/atomic_file.h"
#include "fl/idx_file.h"

namespace fedsec::attacks {
namespace {

constexpr const char* kFormat = "fedsec-dcgan-generator";
constexpr int kVersion = 1;

}  // namespace

DcganGenerator::DcganGenerator(DcganOptions options, uint64_t init_seed) : options_(options) {
  if (options_.latent < 1 || options_.width < 1)
    throw std::invalid_argument("DCGAN latent size and width must be positive");
  auto g = at::detail::createCPUGenerator(init_seed);
  const int64_t w = options_.width;
  const std::vector<std::pair<int64_t, int64_t>> channels{
      {options_.latent, 4 * w}, {4 * w, 2 * w}, {2 * w, w}, {w, 1}};
  for (int k = 0; k < kBlocks; ++k) {
    weights_.push_back(torch::empty({channels[k].first, channels[k].second, 4, 4}).normal_(0.0, 0.02, g));
    if (k + 1 < kBlocks) {
      const int64_t c = channels[k].second;
      bn_scale_.push_back(torch::empty({c}).normal_(1.0, 0.02, g));
      bn_shift_.push_back(torch::zeros({c}));
      running_mean_.push_back(torch::zeros({c}));
      running_var_.push_back(torch::ones({c}));
    }
  }
}

torch::Tensor DcganGenerator::block(const torch::Tensor& h, int k) const {
  const int64_t stride = k == 0 ? 1 : 2;
  const int64_t padding = k == 0 ? 0 : 1;
  auto out = at::conv_transpose2d(h, weights_[k], {}, stride, padding);
  if (k + 1 == kBlocks) return torch::tanh(out);
  out = at::batch_norm(out, bn_scale_[k], bn_shift_[k], running_mean_[k], running_var_[k], training_, 0.1,
                       1e-5, false);
  return torch::relu(out);
}

torch::Tensor DcganGenerator::forward_from(const torch::Tensor& h, int k) const {
  auto out = k == 0 ? h.reshape({h.size(0), options_.latent, 1, 1}) : h;
  for (int b = k; b < kBlocks; ++b) out = block(out, b);
  return out;
}

torch::Tensor DcganGenerator::stage_input(const torch::Tensor& z, int k) const {
  auto h = z.reshape({z.size(0), options_.latent, 1, 1});
  for (int b = 0; b < k; ++b) h = block(h, b);
  return h;
}

std::vector<torch::Tensor> DcganGenerator::parameters() const {
  std::vector<torch::Tensor> out(weights_);
  out.insert(out.end(), bn_scale_.begin(), bn_scale_.end());
  out.insert(out.end(), bn_shift_.begin(), bn_shift_.end());
  return out;
}

std::vector<torch::Tensor> DcganGenerator::tensors() const {
  auto out = parameters();
  out.insert(out.end(), running_mean_.begin(), running_mean_.end());
  out.insert(out.end(), running_var_.begin(), running_var_.end());
  return out;
}

void DcganGenerator::save(const std::string& path, const GeneratorProvenance& provenance) const {
  nlohmann::json header{
      {"format", kFormat},       {"version", kVersion},           {"latent", options_.latent},
      {"width", options_.width}, {"classes", provenance.classes}, {"epochs", provenance.epochs},
      {"seed", provenance.seed}};
  std::ostringstream out;
  out << header.dump() << "\n";
  for (const auto& t : tensors()) {
    const auto data = t.detach().contiguous();
    out.write(reinterpret_cast<const char*>(data.data_ptr<float>()),
              static_cast<std::streamsize>(data.numel() * sizeof(float)));
  }
  fl::write_file_atomic(path, out.str());
}

DcganGenerator DcganGenerator::load(const std::string& path, GeneratorProvenance* provenance) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fl::DataFileError(path + ": cannot open generator checkpoint");
  std::string line;
  std::getline(in, line);
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {
    throw fl::DataFileError(path + ": not a fedsec generator checkpoint (no JSON header)");
  }
  if (!header.is_object() || header.value("format", "") != kFormat || header.value("version", 0) != kVersion)
    throw fl::DataFileError(path + ": not a fedsec generator checkpoint of version " +
                            std::to_string(kVersion));
  DcganOptions options;
  try {
    options.latent = header.at("latent").get<int64_t>();
    options.width = header.at("width").get<int64_t>();
    if (provenance) {
      provenance->classes = header.at("classes").get<std::vector<int64_t>>();
      provenance->epochs = header.at("epochs").get<int64_t>();
      provenance->seed = header.at("seed").get<uint64_t>();
    }
  } catch (const nlohmann::json::exception& e) {
    throw fl::DataFileError(path + ": bad generator checkpoint header: " + e.what());
  }
  if (options.latent < 1 || options.width < 1 || options.latent > 100000 || options.width > 100000)
    throw fl::DataFileError(path + ": implausible generator sizes in the header");
  DcganGenerator generator(options, 0);
  torch::NoGradGuard no_grad;
  for (auto& t : generator.tensors()) {
    in.read(reinterpret_cast<char*>(t.data_ptr<float>()),
            static_cast<std::streamsize>(t.numel() * sizeof(float)));
    if (!in) throw fl::DataFileError(path + ": generator checkpoint is truncated");
  }
  if (in.peek() != std::char_traits<char>::eof())
    throw fl::DataFileError(path + ": generator checkpoint has trailing bytes");
  return generator;
}

}  // namespace fedsec::attacks
