#pragma once
// Attacks that optimise the pixels directly.
//   DLG  (Zhu et al., NeurIPS 2019): image and soft label jointly, squared-L2 gradient distance,
//        L-BFGS.
//   iDLG (Zhao et al., 2020): labels inferred analytically, then DLG on the image only.
//   Inverting Gradients (Geiping et al., NeurIPS 2020): cosine distance + total variation, Adam
//        (optionally signed) with step decay, the valid-pixel box after every step, restarts
//        selected by gradient loss.

#include "attacks/inversion/inversion_attack.h"

namespace fedsec::attacks {

struct LbfgsSearch {
  int64_t iterations = 300;  // L-BFGS steps, each up to max_evaluations function evaluations
  int64_t max_evaluations = 20;
  double lr = 1.0;
};

// DLG ignores problem.labels and reports the arg-max of its learned soft labels.
Reconstruction deep_leakage(const InversionProblem& problem, const LbfgsSearch& search);
Reconstruction improved_deep_leakage(const InversionProblem& problem, const LbfgsSearch& search);

struct InvertingGradientsOptions {
  AdamSearch search{4000, 0.1, LrSchedule::StepDecay, true};
  int64_t restarts = 2;
};
Reconstruction inverting_gradients(const InversionProblem& problem, const InvertingGradientsOptions& options);

}  // namespace fedsec::attacks
