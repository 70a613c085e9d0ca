#include "fl/models/dense_kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace fedsec::fl::dense {
namespace {

// The sums as dense_kernels.h defines them, one output at a time in plain scalar code.
float reference_dot(const float* a, const float* b, int64_t k_size) {
  float partial[16] = {};
  for (int64_t k = 0; k < k_size; ++k) partial[k % 16] = std::fma(a[k], b[k], partial[k % 16]);
  for (int l = 0; l < 8; ++l) partial[l] += partial[l + 8];
  for (int l = 0; l < 4; ++l) partial[l] += partial[l + 4];
  for (int l = 0; l < 2; ++l) partial[l] += partial[l + 2];
  return partial[0] + partial[1];
}

std::vector<float> random_values(int64_t count, uint32_t seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal;
  std::vector<float> v(count);
  for (float& x : v) x = normal(gen);
  return v;
}

std::vector<const float*> row_pointers(const std::vector<float>& m, int64_t rows, int64_t cols) {
  std::vector<const float*> p;
  point_at_rows(m.data(), rows, cols, p);
  return p;
}

// Runs each test once per instruction set this processor has, and restores the widest after.
class DenseKernels : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    if (!isa_supported(GetParam())) GTEST_SKIP() << "this processor lacks the instruction set";
    widest_ = selected_isa();
    select_isa(GetParam());
  }
  void TearDown() override {
    if (isa_supported(GetParam())) select_isa(widest_);
  }
  Isa widest_ = Isa::Baseline;
};

TEST_P(DenseKernels, LinearForwardIsTheDefinedSumBitForBit) {
  for (int64_t m : {1, 3, 5, 32})
    for (int64_t n : {1, 2, 3, 7, 10})
      for (int64_t k_size : {1, 5, 16, 37, 200, 784})
        for (bool with_bias : {false, true}) {
          const auto a = random_values(m * k_size, 1);
          const auto b = random_values(n * k_size, 2);
          const auto bias = random_values(n, 3);
          const auto rows = row_pointers(a, m, k_size);
          std::vector<float> c(m * n, NAN);
          linear_forward(rows.data(), m, b.data(), n, k_size, with_bias ? bias.data() : nullptr, c.data());
          for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j) {
              float expected = reference_dot(a.data() + i * k_size, b.data() + j * k_size, k_size);
              if (with_bias) expected += bias[j];
              ASSERT_EQ(c[i * n + j], expected)
                  << "m " << m << " n " << n << " k " << k_size << " at " << i << "," << j;
            }
        }
}

TEST_P(DenseKernels, CombineRowsIsTheDefinedSumBitForBit) {
  for (int64_t r_count : {1, 2, 5, 9})
    for (int64_t s_count : {1, 4, 33})
      for (int64_t d : {3, 16, 37, 200, 784})
        for (bool transposed : {false, true}) {
          const auto coef = random_values(r_count * s_count, 4);
          const auto x = random_values(s_count * d, 5);
          const auto rows = row_pointers(x, s_count, d);
          // coef laid out r-major, or s-major as a batch's output gradients are for the weight gradient
          const int64_t coef_r = transposed ? 1 : s_count, coef_s = transposed ? r_count : 1;
          std::vector<float> c(r_count * d, NAN);
          combine_rows(coef.data(), coef_r, coef_s, r_count, rows.data(), s_count, d, c.data());
          for (int64_t r = 0; r < r_count; ++r)
            for (int64_t t = 0; t < d; ++t) {
              float expected = 0.0f;
              for (int64_t s = 0; s < s_count; ++s)
                expected = std::fma(coef[r * coef_r + s * coef_s], x[s * d + t], expected);
              ASSERT_EQ(c[r * d + t], expected) << "r " << r << " s " << s_count << " d " << d << " at " << t;
            }
        }
}

// The squared norm as dense_kernels.h defines it, in plain scalar code.
double reference_squared_norm(const float* v, int64_t count) {
  double partial[64] = {};
  for (int64_t k = 0; k < count; ++k) partial[k % 64] += static_cast<double>(v[k]) * v[k];
  double s[16];
  for (int l = 0; l < 16; ++l) s[l] = (partial[l] + partial[l + 32]) + (partial[l + 16] + partial[l + 48]);
  for (int l = 0; l < 8; ++l) s[l] += s[l + 8];
  for (int l = 0; l < 4; ++l) s[l] += s[l + 4];
  for (int l = 0; l < 2; ++l) s[l] += s[l + 2];
  return s[0] + s[1];
}

TEST_P(DenseKernels, RowSquaredNormsAreTheDefinedSumBitForBit) {
  for (int64_t rows : {1, 3, 64})
    for (int64_t cols : {1, 10, 16, 63, 64, 65, 200, 784}) {
      const auto m = random_values(rows * cols, 8);
      std::vector<double> out(rows, NAN);
      row_squared_norms(m.data(), rows, cols, out.data());
      for (int64_t i = 0; i < rows; ++i) {
        const double expected = reference_squared_norm(m.data() + i * cols, cols);
        ASSERT_EQ(out[i], expected) << "rows " << rows << " cols " << cols << " at " << i;
        // and, independently, close to a long-double sum
        long double exact = 0;
        for (int64_t k = 0; k < cols; ++k)
          exact += static_cast<long double>(m[i * cols + k]) * m[i * cols + k];
        ASSERT_NEAR(out[i], static_cast<double>(exact), 1e-13 * static_cast<double>(exact));
      }
    }
}

TEST_P(DenseKernels, RowSquaredNormsOfEmptyAndExtremeRows) {
  row_squared_norms(nullptr, 0, 5, nullptr);  // no rows: nothing read or written
  std::vector<double> out(2, NAN);
  row_squared_norms(nullptr, 2, 0, out.data());  // empty rows: norm 0
  EXPECT_EQ(out, (std::vector<double>{0.0, 0.0}));
  // Squares of the largest and the smallest floats are exact in double.
  const float big = std::numeric_limits<float>::max(), tiny = std::numeric_limits<float>::denorm_min();
  const std::vector<float> m{big, -big, tiny, 0.0f, -tiny, tiny};
  row_squared_norms(m.data(), 2, 3, out.data());
  EXPECT_EQ(out[0], 2.0 * double(big) * double(big) + double(tiny) * double(tiny));
  EXPECT_EQ(out[1], 2.0 * double(tiny) * double(tiny));
}

// Independent of the reference above: the products agree with double-precision sums to a few
// float roundings of the sum of the terms' magnitudes.
TEST_P(DenseKernels, ProductsAgreeWithDoublePrecision) {
  const int64_t m = 32, n = 200, k_size = 784;
  const auto a = random_values(m * k_size, 6);
  const auto b = random_values(n * k_size, 7);
  const auto rows = row_pointers(a, m, k_size);
  std::vector<float> c(m * n), g(n * k_size);
  linear_forward(rows.data(), m, b.data(), n, k_size, nullptr, c.data());
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double exact = 0.0, magnitude = 0.0;
      for (int64_t k = 0; k < k_size; ++k) {
        exact += double(a[i * k_size + k]) * b[j * k_size + k];
        magnitude += std::fabs(double(a[i * k_size + k]) * b[j * k_size + k]);
      }
      ASSERT_NEAR(c[i * n + j], exact, 1e-6 * magnitude);
    }
  // Weight gradient form: g = c^T a, coefficients read column-wise from the m x n matrix c.
  combine_rows(c.data(), 1, n, n, rows.data(), m, k_size, g.data());
  for (int64_t j = 0; j < n; j += 17)
    for (int64_t k = 0; k < k_size; k += 13) {
      double exact = 0.0, magnitude = 0.0;
      for (int64_t i = 0; i < m; ++i) {
        exact += double(c[i * n + j]) * a[i * k_size + k];
        magnitude += std::fabs(double(c[i * n + j]) * a[i * k_size + k]);
      }
      ASSERT_NEAR(g[j * k_size + k], exact, 1e-6 * magnitude);
    }
}

INSTANTIATE_TEST_SUITE_P(InstructionSets, DenseKernels,
                         ::testing::Values(Isa::Baseline, Isa::Avx2, Isa::Avx512),
                         [](const ::testing::TestParamInfo<Isa>& info) {
                           switch (info.param) {
                             case Isa::Avx2:
                               return std::string("Avx2");
                             case Isa::Avx512:
                               return std::string("Avx512");
                             default:
                               return std::string("Baseline");
                           }
                         });

}  // namespace
}  // namespace fedsec::fl::dense
