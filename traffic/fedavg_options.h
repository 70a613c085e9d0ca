#pragma once
// Settings of the FedAvg baseline over the regions (traffic/fedavg_baseline.h). Kept apart from
// it so that code reading configs needs no LibTorch.

#include <cstdint>
#include <vector>

namespace fedsec::traffic {

// A supervised MLP incident classifier on the standardised station-pair features, trained by
// FedAvg (McMahan et al., AISTATS 2017) with every region a client taking part in every round.
struct FedAvgOptions {
  bool enabled = true;
  int rounds = 30;
  int local_epochs = 1;
  int batch_size = 32;
  double lr = 0.05;
  double momentum = 0.0;
  std::vector<int64_t> hidden = {32};  // empty: logistic regression
  // Each client repeats its incident rows until they about match its normal rows (the resampling
  // form of class-weighted cross-entropy); false: the rows as they are.
  bool balance_classes = true;
};

}  // namespace fedsec::traffic
