// The QR behind the orthogonal initialiser: a factorisation of A with R's diagonal positive,
// orthonormal to rounding, close to an independent Householder QR, and refusing what it cannot
// factor.
#include "workload/positive_qr.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "workload/random_stream.hpp"

namespace lstmbench::workload {
namespace {

// An independent QR to compare with: unblocked Householder reflections (one at a time, each
// applied to the whole trailing matrix; alpha opposite to the pivot), Q's columns multiplied by
// sign(diag(R)) as Keras does.
std::vector<double> unblocked_qr_positive(const std::vector<double>& a, std::size_t m,
                                          std::size_t n) {
  std::vector<double> r = a;
  std::vector<std::vector<double>> vectors;
  std::vector<double> diag(n);
  const auto reflect = [&](const std::vector<double>& v, double v_norm2, std::size_t first,
                           std::size_t first_col, std::vector<double>& x) {
    std::vector<double> scale(n, 0.0);
    for (std::size_t i = first; i < m; ++i)
      for (std::size_t j = first_col; j < n; ++j) scale[j] += v[i - first] * x[i * n + j];
    for (std::size_t j = first_col; j < n; ++j) scale[j] = 2.0 * scale[j] / v_norm2;
    for (std::size_t i = first; i < m; ++i)
      for (std::size_t j = first_col; j < n; ++j) x[i * n + j] -= scale[j] * v[i - first];
  };
  for (std::size_t k = 0; k < n; ++k) {
    double norm = 0.0;
    for (std::size_t i = k; i < m; ++i) norm += r[i * n + k] * r[i * n + k];
    norm = std::sqrt(norm);
    const double alpha = r[k * n + k] > 0 ? -norm : norm;
    std::vector<double> v(m - k);
    for (std::size_t i = k; i < m; ++i) v[i - k] = r[i * n + k];
    v[0] -= alpha;
    double v_norm2 = 0.0;
    for (double e : v) v_norm2 += e * e;
    if (v_norm2 > 0.0) reflect(v, v_norm2, k, k, r);
    diag[k] = r[k * n + k];
    vectors.push_back(std::move(v));
  }
  std::vector<double> q(m * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) q[j * n + j] = 1.0;
  for (std::size_t kk = n; kk-- > 0;) {
    double v_norm2 = 0.0;
    for (double e : vectors[kk]) v_norm2 += e * e;
    if (v_norm2 > 0.0) reflect(vectors[kk], v_norm2, kk, 0, q);
  }
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (diag[j] < 0) q[i * n + j] = -q[i * n + j];
  return q;
}

std::vector<double> normal_matrix(std::size_t m, std::size_t n, std::uint64_t seed) {
  RandomStream random(seed, Stream::kWeights);
  std::vector<double> a(m * n);
  for (double& e : a) e = random.normal();
  return a;
}

// Largest |(Q^T Q - I)(a, b)| for a row-major m x n double matrix.
double column_orthonormality_error(const std::vector<double>& q, std::size_t m, std::size_t n) {
  std::vector<double> gram(n * n, 0.0);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b) gram[a * n + b] += q[i * n + a] * q[i * n + b];
  double worst = 0.0;
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = 0; b < n; ++b)
      worst = std::max(worst, std::abs(gram[a * n + b] - (a == b ? 1.0 : 0.0)));
  return worst;
}

TEST(QrPositive, KnownSmallCases) {
  // [3, 4]^T = [0.6, 0.8]^T * 5, and with a negative entry R must still come out positive.
  std::vector<double> r;
  std::vector<double> q = qr_positive({3.0, 4.0}, 2, 1, &r);
  EXPECT_NEAR(q[0], 0.6, 1e-15);
  EXPECT_NEAR(q[1], 0.8, 1e-15);
  EXPECT_NEAR(r[0], 5.0, 1e-14);
  q = qr_positive({-3.0, 4.0}, 2, 1);
  EXPECT_NEAR(q[0], -0.6, 1e-15);
  EXPECT_NEAR(q[1], 0.8, 1e-15);
}

// How well Q factors A, with R = Q^T A; the errors are relative to A's largest entry.
struct Factorisation {
  std::vector<double> r;        // n x n
  double below_diagonal = 0.0;  // largest |R(i, j)|, i > j
  double residual = 0.0;        // largest |(Q R - A)(k, j)|
};

Factorisation factorisation(const std::vector<double>& a, const std::vector<double>& q,
                            std::size_t m, std::size_t n) {
  Factorisation f{std::vector<double>(n * n, 0.0)};
  for (std::size_t k = 0; k < m; ++k)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) f.r[i * n + j] += q[k * n + i] * a[k * n + j];
  double scale = 0.0;
  for (double e : a) scale = std::max(scale, std::abs(e));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < i; ++j)
      f.below_diagonal = std::max(f.below_diagonal, std::abs(f.r[i * n + j]) / scale);
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t j = 0; j < n; ++j) {
      double value = 0.0;
      for (std::size_t i = 0; i < n; ++i) value += q[k * n + i] * f.r[i * n + j];
      f.residual = std::max(f.residual, std::abs(value - a[k * n + j]) / scale);
    }
  }
  return f;
}

TEST(QrPositive, FactorsARandomMatrix) {
  // Q^T A must be upper triangular with a positive diagonal, and Q R must give A back. Cholesky
  // QR's residual A - Q R is ~n * 1e-16 relative to |A| whatever the conditioning; 1e-12
  // leaves room. 300 x 150 spans several blocks of 64 and ends on a partial one.
  const std::pair<std::size_t, std::size_t> shapes[] = {{9, 4}, {300, 150}};
  for (const auto& [m, n] : shapes) {
    SCOPED_TRACE(std::to_string(m) + " x " + std::to_string(n));
    const std::vector<double> a = normal_matrix(m, n, 11);
    std::vector<double> r_diag;
    const Factorisation f = factorisation(a, qr_positive(a, m, n, &r_diag), m, n);
    EXPECT_LT(f.below_diagonal, 1e-12);
    EXPECT_LT(f.residual, 1e-12);
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GT(r_diag[i], 0.0);
      EXPECT_NEAR(r_diag[i], f.r[i * n + i], 1e-12 * r_diag[i]);
    }
  }
}

// Two QR algorithms sum in different orders, so they agree to rounding only. Cholesky QR's
// error grows as cond(A)^2 * 1e-16, and a 4H x H normal matrix has a condition number near 3
// (its singular values lie near sqrt(4H) +- sqrt(H)), so Q moves by a few ulps of 1.
// Measured against numpy's LAPACK QR: at most 3.6e-16 for H up to 1024. 1e-13 leaves a factor
// of more than 100, while a wrong block or sign moves entries by O(1/sqrt(4H)).
TEST(QrPositive, AgreesWithHouseholderReflections) {
  for (std::size_t n : {1, 2, 3, 7, 64, 65, 129}) {
    const std::size_t m = 4 * n;
    SCOPED_TRACE("H = " + std::to_string(n));
    const std::vector<double> a = normal_matrix(m, n, 100 + n);
    const std::vector<double> q = qr_positive(a, m, n);
    const std::vector<double> expected = unblocked_qr_positive(a, m, n);
    double worst = 0.0;
    for (std::size_t k = 0; k < q.size(); ++k)
      worst = std::max(worst, std::abs(q[k] - expected[k]));
    EXPECT_LT(worst, 1e-13);
  }
}

TEST(QrPositive, ColumnsAreOrthonormalForManyShapes) {
  // Accepted passes are orthonormal to ~1e-15 (measured: under 6e-15 at 4096 x 1024); 1e-13
  // leaves margin, while a wrong sign, block or pass gives errors of order 1. The shapes cover
  // one column, widths that are not multiples of the block (64), a tall matrix split across
  // threads, and a square normal matrix, whose condition number (hundreds) makes one Cholesky
  // pass lose ~1e-11 and so takes a second.
  const std::pair<std::size_t, std::size_t> shapes[] = {{4, 1},     {12, 3},   {28, 7},
                                                        {200, 200}, {260, 65}, {1200, 300}};
  for (const auto& [m, n] : shapes) {
    SCOPED_TRACE(std::to_string(m) + " x " + std::to_string(n));
    const std::vector<double> q = qr_positive(normal_matrix(m, n, m + n), m, n);
    EXPECT_LT(column_orthonormality_error(q, m, n), 1e-13);
  }
}

TEST(QrPositive, IllConditionedMatricesTakeMorePasses) {
  // A = B D M: a normal matrix, its columns scaled down geometrically to `smallest`, then mixed
  // by an orthogonal M (scaling alone would not do: Cholesky QR does not mind it). Condition
  // number ~1e6: one pass would leave Q^T Q - I near 1e-4, so the probe asks for a second.
  // ~1e10: A^T A is not numerically positive definite, so the first pass shifts it and two
  // more follow. Either way Q must come out orthonormal to rounding and still factor A.
  constexpr std::size_t m = 120, n = 30;
  const std::vector<double> mix = unblocked_qr_positive(normal_matrix(n, n, 6), n, n);
  for (const double smallest : {1e-6, 1e-10}) {
    SCOPED_TRACE("smallest column scale " + std::to_string(smallest));
    std::vector<double> scaled = normal_matrix(m, n, 5);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < n; ++j)
        scaled[i * n + j] *= std::pow(smallest, static_cast<double>(j) / (n - 1));
    std::vector<double> a(m * n, 0.0);
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t p = 0; p < n; ++p)
        for (std::size_t j = 0; j < n; ++j) a[i * n + j] += scaled[i * n + p] * mix[p * n + j];
    std::vector<double> r_diag;
    const std::vector<double> q = qr_positive(a, m, n, &r_diag);
    EXPECT_LT(column_orthonormality_error(q, m, n), 1e-13);
    const Factorisation f = factorisation(a, q, m, n);
    EXPECT_LT(f.residual, 1e-12);
    // diag(R) is the product of the passes' diagonals; R = Q^T A must agree with it to
    // rounding relative to |A| (its last entries are ~`smallest` times the first).
    for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(r_diag[i], f.r[i * n + i], 1e-12 * r_diag[0]);
  }
}

TEST(QrPositive, ARankDeficientMatrixIsRefused) {
  // A zero column has no direction to normalise: a clear error, not a Q with a zero column.
  constexpr std::size_t m = 40, n = 10;
  std::vector<double> a = normal_matrix(m, n, 3);
  for (std::size_t i = 0; i < m; ++i) a[i * n + 3] = 0.0;
  try {
    qr_positive(a, m, n);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rank-deficient"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace lstmbench::workload
