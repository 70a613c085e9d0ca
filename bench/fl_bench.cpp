// Micro-benchmarks: one local SGD step per model, the dense models' matrix kernels and the
// ConvNet's max pooling each beside LibTorch's, message encoding, the mean aggregator, and the DP
// noise sampler in each build the processor runs, beside LibTorch's normal_.
#include <benchmark/benchmark.h>

#include <vector>

#include "fl/aggregator.h"
#include "fl/message.h"
#include "fl/models/convnet.h"
#include "fl/models/dense_kernels.h"
#include "fl/models/dense_net.h"
#include "fl/models/max_pool.h"
#include "privacy/normal_sampler.h"

namespace {

using namespace fedsec::fl;

void sgd_steps(benchmark::State& state, Model& model) {
  at::set_num_threads(1);
  auto x = torch::randn({32, 1, 28, 28});
  auto y = torch::randint(0, 10, {32}, torch::kInt64);
  for (auto _ : state) {
    model.loss_and_grad(x, y);
    model.params().add_(model.grad(), -0.01);
  }
}

void BM_SgdStepLogReg(benchmark::State& state) {
  DenseNet model(DenseNetOptions{});
  sgd_steps(state, model);
}
BENCHMARK(BM_SgdStepLogReg);

void BM_SgdStepMlp(benchmark::State& state) {
  DenseNetOptions options;
  options.hidden = {200};
  DenseNet model(options);
  sgd_steps(state, model);
}
BENCHMARK(BM_SgdStepMlp);

void BM_SgdStepConvNet(benchmark::State& state) {
  ConvNet model(ConvNetOptions{});
  sgd_steps(state, model);
}
BENCHMARK(BM_SgdStepConvNet);

// The MLP's first layer at batch 32 (32 x 784 inputs, 200 x 784 weights): the forward pass and the
// weight gradient, fedsec's kernels against the LibTorch calls they replaced.
struct FirstLayer {
  torch::Tensor x = torch::randn({32, 784}), w = torch::randn({200, 784}), b = torch::randn({200});
  torch::Tensor delta = torch::randn({32, 200}), out = torch::empty({32, 200}),
                grad = torch::empty({200, 784});
  std::vector<const float*> rows;
  FirstLayer() { dense::point_at_rows(x.data_ptr<float>(), 32, 784, rows); }
};

template <bool Ours>
void BM_DenseForward(benchmark::State& state) {
  at::set_num_threads(1);
  FirstLayer l;
  for (auto _ : state) {
    if (Ours)
      dense::linear_forward(l.rows.data(), 32, l.w.data_ptr<float>(), 200, 784, l.b.data_ptr<float>(),
                            l.out.data_ptr<float>());
    else
      torch::addmm_out(l.out, l.b, l.x, l.w.t());
    benchmark::DoNotOptimize(l.out.data_ptr<float>());
  }
}
BENCHMARK(BM_DenseForward<true>)->Name("BM_DenseForward/fedsec");
BENCHMARK(BM_DenseForward<false>)->Name("BM_DenseForward/libtorch");

template <bool Ours>
void BM_DenseWeightGradient(benchmark::State& state) {
  at::set_num_threads(1);
  FirstLayer l;
  for (auto _ : state) {
    if (Ours)
      dense::combine_rows(l.delta.data_ptr<float>(), 1, 200, 200, l.rows.data(), 32, 784,
                          l.grad.data_ptr<float>());
    else
      torch::mm_out(l.grad, l.delta.t(), l.x);
    benchmark::DoNotOptimize(l.grad.data_ptr<float>());
  }
}
BENCHMARK(BM_DenseWeightGradient<true>)->Name("BM_DenseWeightGradient/fedsec");
BENCHMARK(BM_DenseWeightGradient<false>)->Name("BM_DenseWeightGradient/libtorch");

// Forward pass on the ConvNet's first pooling input (batch 32), as in training: the input needs a
// gradient, which sends LibTorch to max_pool2d_with_indices.
template <bool Ours>
void BM_MaxPool2x2(benchmark::State& state) {
  at::set_num_threads(1);
  const auto x = torch::randn({32, 6, 28, 28}).requires_grad_();
  for (auto _ : state) benchmark::DoNotOptimize(Ours ? max_pool2x2(x) : torch::max_pool2d(x, 2));
}
BENCHMARK(BM_MaxPool2x2<true>)->Name("BM_MaxPool2x2/fedsec");
BENCHMARK(BM_MaxPool2x2<false>)->Name("BM_MaxPool2x2/libtorch");

void BM_EncodeDecodeMessage(benchmark::State& state) {
  Message m;
  m.payload = torch::randn({state.range(0)});
  for (auto _ : state) benchmark::DoNotOptimize(decode(encode(m)));
  state.SetBytesProcessed(state.iterations() * state.range(0) * 4);
}
BENCHMARK(BM_EncodeDecodeMessage)->Arg(61706)->Arg(1 << 20);

void BM_WeightedMean(benchmark::State& state) {
  at::set_num_threads(1);
  auto updates = torch::randn({state.range(0), state.range(1)});
  auto weights = torch::rand({state.range(0)}, torch::kFloat64) + 1;
  WeightedMeanAggregator mean;
  for (auto _ : state) benchmark::DoNotOptimize(mean.aggregate(updates, weights));
}
BENCHMARK(BM_WeightedMean)->Args({10, 61706})->Args({100, 100000});

// Gaussian noise over the MLP's 159,010 parameters, as DP-SGD adds it every step.
template <fedsec::privacy::SamplerBuild Build>
void BM_NormalSampler(benchmark::State& state) {
  if (!fedsec::privacy::sampler_build_supported(Build)) {
    state.SkipWithError("this processor lacks the instruction set");
    return;
  }
  std::vector<float> values(159010, 0.0f);
  uint64_t seed = 1;
  for (auto _ : state) {
    fedsec::privacy::add_scaled_normals_with(Build, values.data(), static_cast<int64_t>(values.size()), 1.0f,
                                             seed++);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_NormalSampler<fedsec::privacy::SamplerBuild::Baseline>)->Name("BM_NormalSampler/baseline");
BENCHMARK(BM_NormalSampler<fedsec::privacy::SamplerBuild::Avx2>)->Name("BM_NormalSampler/avx2");
BENCHMARK(BM_NormalSampler<fedsec::privacy::SamplerBuild::Avx512>)->Name("BM_NormalSampler/avx512");

// LibTorch's normal_ writes its values; fedsec's sampler adds them to what is there (one more read).
void BM_NormalSamplerLibTorch(benchmark::State& state) {
  at::set_num_threads(1);
  auto values = torch::zeros({159010});
  for (auto _ : state) values.normal_();
}
BENCHMARK(BM_NormalSamplerLibTorch)->Name("BM_NormalSampler/libtorch");

}  // namespace

BENCHMARK_MAIN();
