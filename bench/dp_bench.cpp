// DP costs side by side, in one run: a DP-SGD step against a non-private SGD step (batch 64, one
// thread) for the MLP and the ConvNet, an RDP epsilon query for 10,000 steps over Opacus' 151
// orders, and the PLD epsilon of the MNIST DP-SGD setting. Prints medians and the targets.
//
//   build/bench/fedsec_dp_bench [repetitions]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <numeric>
#include <vector>

#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"
#include "privacy/dp_sgd.h"
#include "privacy/per_sample_gradients.h"
#include "privacy/pld_accountant.h"
#include "privacy/rdp_accountant.h"

namespace {

using namespace fedsec;
using Clock = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& f, int inner) {
  const auto start = Clock::now();
  for (int i = 0; i < inner; ++i) f();
  return std::chrono::duration<double>(Clock::now() - start).count() / inner;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct StepTimes {
  double plain = 0, dp = 0;
};

// Interleaves the two measurements so that machine noise hits both alike.
StepTimes step_times(fl::Model& model, int repetitions) {
  const int64_t batch = 64;
  auto g = at::detail::createCPUGenerator(1);
  fl::Dataset data;
  data.images = at::randn({batch, 1, 28, 28}, g);
  data.labels = at::randint(0, 10, {batch}, g, torch::kInt64);
  std::vector<int64_t> samples(batch);
  std::iota(samples.begin(), samples.end(), 0);
  fl::LocalSgdOptions sgd;
  sgd.steps = 1;
  sgd.batch_size = batch;
  sgd.lr = 1e-3;
  privacy::DpSgdOptions dp;
  dp.sampling = privacy::BatchSampling::Poisson;
  fl::Rng rng(1);
  const int inner = 20;
  std::vector<double> plain, dp_times;
  for (int r = 0; r < repetitions; ++r) {
    plain.push_back(
        seconds_of([&] { fl::train_local_sgd(model, data, data.labels, samples, sgd, rng); }, inner));
    dp_times.push_back(
        seconds_of([&] { privacy::train_dp_sgd(model, data, data.labels, samples, sgd, dp, rng); }, inner));
  }
  return {median(plain), median(dp_times)};
}

// Where a DP-SGD step's time goes, for one batch of 64.
void breakdown(fl::Model& model, const char* name, int repetitions) {
  auto g = at::detail::createCPUGenerator(2);
  const auto x = at::randn({64, 1, 28, 28}, g);
  const auto y = at::randint(0, 10, {64}, g, torch::kInt64);
  torch::NoGradGuard no_grad;
  const fl::BatchTrace trace = model.trace_batch(x, y);
  const auto norms = privacy::per_sample_squared_norms(trace);
  const auto factors = privacy::clip_factors(norms, 1.0);
  auto out = torch::empty_like(model.params());
  fl::Rng rng(3);
  std::vector<double> t_loss, t_trace, t_norms, t_sum, t_noise;
  for (int r = 0; r < repetitions; ++r) {
    t_loss.push_back(seconds_of(
        [&] {
          torch::AutoGradMode enable(true);
          model.loss_and_grad(x, y);
        },
        10));
    t_trace.push_back(seconds_of([&] { model.trace_batch(x, y); }, 10));
    t_norms.push_back(seconds_of([&] { privacy::per_sample_squared_norms(trace); }, 10));
    t_sum.push_back(seconds_of([&] { privacy::weighted_gradient_sum(trace, factors, out); }, 10));
    t_noise.push_back(
        seconds_of([&] { privacy::add_gaussian_noise(out, 1.0, privacy::NoiseSource::Seeded, rng); }, 10));
  }
  std::printf("%-8s loss+grad %.3f ms | trace %.3f, norms %.3f, clipped sum %.3f, noise %.3f ms\n", name,
              median(t_loss) * 1e3, median(t_trace) * 1e3, median(t_norms) * 1e3, median(t_sum) * 1e3,
              median(t_noise) * 1e3);
}

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 11;
  at::set_num_threads(1);
  std::printf("DP-SGD step vs SGD step, batch 64, 1 thread, median of %d x 20 steps\n", repetitions);
  std::printf("%-8s %12s %12s %8s %8s\n", "model", "sgd ms", "dp-sgd ms", "ratio", "target");
  fl::DenseNetOptions mlp_options;
  mlp_options.hidden = {200};
  fl::DenseNet mlp(mlp_options);
  fl::ConvNet convnet(fl::ConvNetOptions{});
  const StepTimes m = step_times(mlp, repetitions);
  std::printf("%-8s %12.3f %12.3f %8.2f %8s\n", "mlp", m.plain * 1e3, m.dp * 1e3, m.dp / m.plain, "1.5");
  const StepTimes c = step_times(convnet, repetitions);
  std::printf("%-8s %12.3f %12.3f %8.2f %8s\n", "convnet", c.plain * 1e3, c.dp * 1e3, c.dp / c.plain, "2.5");

  breakdown(mlp, "mlp", repetitions);
  breakdown(convnet, "convnet", repetitions);

  std::vector<double> rdp_times;
  for (int r = 0; r < repetitions; ++r)
    rdp_times.push_back(seconds_of(
        [] {
          privacy::RdpAccountant accountant;
          accountant.step(1.1, 256.0 / 60000.0, 10000);
          if (accountant.epsilon(1e-5).epsilon <= 0) std::abort();
        },
        10));
  std::printf("RDP epsilon, 10000 steps, 151 orders: %.3f ms (target < 5 ms)\n", median(rdp_times) * 1e3);

  std::vector<double> pld_times;
  double pld_epsilon = 0;
  for (int r = 0; r < std::min(repetitions, 3); ++r)
    pld_times.push_back(seconds_of(
        [&] {
          privacy::PldAccountant accountant;
          accountant.step(1.1, 256.0 / 60000.0, 14063);
          pld_epsilon = accountant.epsilon(1e-5).epsilon;
        },
        1));
  std::printf("PLD epsilon, q=256/60000, sigma=1.1, 14063 steps: %.3f s, epsilon %.5f (target < 2 s)\n",
              median(pld_times), pld_epsilon);
  return 0;
}
