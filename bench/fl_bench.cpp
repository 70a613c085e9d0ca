// Micro-benchmarks: one local SGD step per model, the ConvNet's max pooling beside LibTorch's,
// message encoding, and the mean aggregator.
#include <benchmark/benchmark.h>

#include "fl/aggregator.h"
#include "fl/message.h"
#include "fl/models/convnet.h"
#include "fl/models/dense_net.h"
#include "fl/models/max_pool.h"

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

}  // namespace

BENCHMARK_MAIN();
