// The reduced QR behind Keras's Orthogonal initialiser, with bits that depend on neither the
// thread count nor the vector width (docs/workload.md, "Initial weights and epoch orders").
#pragma once

#include <cstddef>
#include <vector>

namespace lstmbench::workload {

// Reduced QR of a (m x n, m >= n, row-major, double) with diag(R) > 0: the unique such
// factorisation, so Q is the one Keras keeps after multiplying by sign(diag(R)). By Cholesky
// QR (R from A^T A = R^T R, then Q = A R^-1), repeated on Q while a probe finds its columns
// not orthonormal to 1e-12, with a shifted Gram matrix when A^T A is not numerically positive
// definite; at most three passes.
// RETURNS: Q (m x n, row-major); `r_diag` gets diag(R). THROWS: Error when a is
// rank-deficient, or too close to it for three passes (never for a normal draw in practice).
std::vector<double> qr_positive(std::vector<double> a, std::size_t m, std::size_t n,
                                std::vector<double>* r_diag = nullptr);

}  // namespace lstmbench::workload
