#pragma once
// Matrix products of the dense models' training step and DP-SGD's per-sample norms, on plain float
// buffers. Every output is one fixed sequence of fused multiply-adds (or, for the norms, of exact
// squares and double sums), so the baseline, AVX2 and AVX-512 builds give the same bits; the
// widest build the processor runs is chosen once. They replace LibTorch's BLAS calls,
// which on small batches spend much of their time outside the arithmetic and, where OpenBLAS does
// not recognise the processor, use its SSE3 kernels.

#include <cstdint>
#include <vector>

namespace fedsec::fl::dense {

// c[i * n + j] = bias[j] + sum_k a_rows[i][k] * b[j * k_size + k] for i < m, j < n (bias may be
// null: no bias). Each sum is held in 16 partial sums, partial sum l taking the terms k = l mod
// 16 in increasing k with fused multiply-adds, which are then added pairwise (l + 8, l + 4,
// l + 2, l + 1) before the bias. This is a linear layer's forward pass, y = x w^T + b.
void linear_forward(const float* const* a_rows, int64_t m, const float* b, int64_t n, int64_t k_size,
                    const float* bias, float* c);

// c[r * d + t] = sum_s coef[r * coef_r + s * coef_s] * rows[s][t] for r < r_count, t < d: each
// output accumulates s = 0, 1, ... in order with fused multiply-adds, starting from zero. With
// coef the batch's output gradients (n x out, coef_r = 1, coef_s = out) and rows the layer
// inputs, it is the weight gradient; with coef_r = out, coef_s = 1 and rows the weight rows, the
// gradient with respect to the layer input.
void combine_rows(const float* coef, int64_t coef_r, int64_t coef_s, int64_t r_count,
                  const float* const* rows, int64_t s_count, int64_t d, float* c);

// out[i] = the squared L2 norm of row i of a row-major rows x cols matrix, in double. Partial sum
// l < 64 takes the squares of the elements k = l mod 64 in increasing k (exact in double); they are
// added as (l, l + 32) and (l + 16, l + 48), those two, then pairwise (l + 8, l + 4, l + 2, l + 1).
void row_squared_norms(const float* matrix, int64_t rows, int64_t cols, double* out);

// out = the addresses of the rows of a row-major rows x cols matrix (resized to rows), the form the
// kernels above take their row inputs in.
void point_at_rows(const float* matrix, int64_t rows, int64_t cols, std::vector<const float*>& out);

// The instruction sets built in, widest last, and which one runs. Tests use these to compare the
// builds bit for bit; selecting one the processor lacks throws std::invalid_argument. select_isa
// is for tests: it must not run while another thread uses the kernels.
enum class Isa { Baseline, Avx2, Avx512 };
bool isa_supported(Isa isa);
void select_isa(Isa isa);
Isa selected_isa();

}  // namespace fedsec::fl::dense
