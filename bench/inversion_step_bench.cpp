// Cost of one gradient-inversion attack step (forward, the victim's gradient with create_graph,
// the gradient distance, back-propagation to the attacked variable, one Adam step), for the
// variables the attacks optimise: pixels (IG), the generator's latent (latent search, GIFD stage
// 0) and its 8 x 8 feature map (GIFD stage 2). Prints the median milliseconds per step of each
// case as JSON lines; bench/compare_inversion.py runs it beside bench/pytorch_inversion_step.py.
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "attacks/inversion/dcgan.h"
#include "attacks/inversion/inversion_attack.h"
#include "fl/models/convnet.h"

using namespace fedsec;

namespace {

double median_ms(const std::function<void()>& step, int warmup, int repeats) {
  for (int i = 0; i < warmup; ++i) step();
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    step();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(ms.begin(), ms.begin() + ms.size() / 2, ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int repeats = argc > 1 ? std::stoi(argv[1]) : 200;
  at::set_num_threads(1);
  fl::ConvNetOptions victim_options;
  victim_options.init_seed = 123;
  fl::ConvNet victim(victim_options);
  const attacks::DcganGenerator generator({100, 32}, 1);
  attacks::ImageDomain domain;
  for (int64_t batch : {1, 4}) {
    const auto labels = torch::arange(batch, torch::kInt64);
    const auto truth = torch::rand({batch, 1, 28, 28}, at::detail::createCPUGenerator(0));
    victim.loss_and_grad(domain.normalize(truth), labels);
    const attacks::GradientMatcher matcher(victim, victim.grad().clone(), attacks::GradientDistance::Cosine,
                                           {});
    const attacks::InversionProblem problem{matcher, labels, domain, {}, 0};
    struct Case {
      std::string name;
      torch::Tensor variable;
      std::function<torch::Tensor(const torch::Tensor&)> to_input;
    };
    auto g = at::detail::createCPUGenerator(1);
    std::vector<Case> cases{
        {"pixels", torch::randn({batch, 1, 28, 28}, g), [](const torch::Tensor& x) { return x; }},
        {"latent", torch::randn({batch, 100}, g),
         [&](const torch::Tensor& z) {
           return domain.normalize(attacks::generator_to_unit(generator.generate(z)));
         }},
        {"feature_8x8", generator.stage_input(torch::randn({batch, 100}, g), 2).detach(),
         [&](const torch::Tensor& h) {
           return domain.normalize(attacks::generator_to_unit(generator.forward_from(h, 2)));
         }},
    };
    for (auto& c : cases) {
      auto variable = c.variable.clone().requires_grad_();
      attacks::Adam adam({variable});
      const double ms = median_ms(
          [&] {
            const auto input = c.to_input(variable);
            const auto loss = matcher.distance(input, labels) + attacks::prior_penalty(input, problem.priors);
            adam.step(torch::autograd::grad({loss}, {variable}), 0.01);
          },
          20, repeats);
      std::printf("{\"case\": \"%s\", \"batch\": %lld, \"ms_per_step\": %.4f}\n", c.name.c_str(),
                  static_cast<long long>(batch), ms);
    }
  }
  return 0;
}
