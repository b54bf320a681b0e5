#include "workload/positive_qr.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <limits>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "lstmbench/column_blocks.hpp"
#include "lstmbench/vector_clones.hpp"

namespace lstmbench::workload {
namespace {

// Cholesky QR (Stathopoulos & Wu 2002; Fukaya et al. 2020 for the shift): R is the Cholesky
// factor of the Gram matrix A^T A and Q = A R^-1. It takes 2mn^2 flops against Householder's
// 4mn^2 - 4n^3/3 for an explicit Q, and every step is a matrix product whose pieces are
// independent (Gram tiles, rows of Q), so both cores work all the time. Its loss of
// orthogonality grows as cond(A)^2 * 1e-16: negligible for the initialiser's 4H x H normal
// draw (condition number near 3), and repaired by a second pass for anything worse.

// A register tile is kTileRows x kTileCols doubles (8 AVX registers, 16 SSE2 registers).
constexpr std::size_t kTileRows = 4;
constexpr std::size_t kTileCols = 8;
// Rows of V and C per pass of the V^T C product when its operands are packed on the way: a
// C strip (kRowBlock x kTileCols) stays in L1 while every row tile of V^T goes past it.
constexpr std::size_t kRowBlock = 64;

// Every output element below is one sum taken in a fixed order, whatever the tile, the
// vector width or the thread that computes it: the same bits on every x86-64 machine, with
// or without AVX2 (LSTMBENCH_VECTOR_CLONES). Only independent elements share a vector, and no
// FMA is used (x86-64's baseline has none, and fusing would round differently).

// Four doubles the compiler keeps in one AVX register or two SSE2 registers. Written out:
// left to itself, GCC vectorised the tiles along the wrong axis and spent its time shuffling.
using Double4 = double __attribute__((vector_size(32)));

// Matrices the kernels share are "packed": an r x w matrix stored as ceil(w / kTileCols)
// strips, strip s holding columns s*kTileCols .. +kTileCols-1 of every row contiguously
// (zero past column w). A strip then sits in a few cache lines instead of one line per row
// at a stride of the full matrix width, which defeats L1's associativity when the width is
// a power of two.
std::size_t strips(std::size_t w) { return (w + kTileCols - 1) / kTileCols; }

// RETURNS: where element (i, j) of a packed matrix with `rows` rows lies.
std::size_t packed_index(std::size_t rows, std::size_t i, std::size_t j) {
  return (j / kTileCols * rows + i) * kTileCols + j % kTileCols;
}

// Packs rows [0, rows) x columns [0, w) of m (leading dimension ld) into out, strip s at
// out + s * rows * kTileCols; each row of m is read once, in order.
void pack_strips(const double* m, std::size_t ld, std::size_t rows, std::size_t w, double* out) {
  for (std::size_t i = 0; i < rows; ++i) {
    const double* mi = m + i * ld;
    std::size_t j = 0;
    for (; j + kTileCols <= w; j += kTileCols)
      std::copy_n(mi + j, kTileCols, out + (j / kTileCols * rows + i) * kTileCols);
    for (; j < w; ++j) out[packed_index(rows, i, j)] = mi[j];
    for (; j % kTileCols != 0; ++j) out[packed_index(rows, i, j)] = 0;
  }
}

// out (packed, k x w) += V^T C over `rows` rows, V (rows x k) and C (rows x w) both packed
// with `rows` rows per strip. A tile of V^T is kTileRows columns of one V strip.
LSTMBENCH_VECTOR_CLONES
void add_packed_vt_c(const double* v, const double* c, std::size_t rows, std::size_t k,
                     std::size_t w, double* out) {
  for (std::size_t s = 0; s < strips(w); ++s) {
    const double* strip = c + s * rows * kTileCols;
    double* out_strip = out + s * k * kTileCols;
    std::size_t p0 = 0;
    for (; p0 + kTileRows <= k; p0 += kTileRows) {
      Double4 acc[kTileRows][2];
      __builtin_memcpy(acc, out_strip + p0 * kTileCols, sizeof acc);
      const double* v_tile = v + p0 / kTileCols * rows * kTileCols + p0 % kTileCols;
      for (std::size_t i = 0; i < rows; ++i) {
        const double* vi = v_tile + i * kTileCols;
        Double4 c0, c1;
        __builtin_memcpy(&c0, &strip[i * kTileCols], sizeof c0);
        __builtin_memcpy(&c1, &strip[i * kTileCols + 4], sizeof c1);
        for (std::size_t p = 0; p < kTileRows; ++p) {
          acc[p][0] += vi[p] * c0;
          acc[p][1] += vi[p] * c1;
        }
      }
      __builtin_memcpy(out_strip + p0 * kTileCols, acc, sizeof acc);
    }
    for (; p0 < k; ++p0) {  // k not a multiple of kTileRows: the last block only
      const double* v_column = v + p0 / kTileCols * rows * kTileCols + p0 % kTileCols;
      for (std::size_t j = 0; j < kTileCols; ++j) {
        double acc = out_strip[p0 * kTileCols + j];
        for (std::size_t i = 0; i < rows; ++i)
          acc += v_column[i * kTileCols] * strip[i * kTileCols + j];
        out_strip[p0 * kTileCols + j] = acc;
      }
    }
  }
}

// out (packed, k x w) += V^T C, V: rows x k (leading dimension ldv), C: rows x w (ldc), both
// packed kRowBlock rows at a time: read in place, V's rows lie ldv doubles apart, and with
// ldv a power of two they fall into a few L1 sets and evict each other.
void add_vt_c(const double* v, std::size_t ldv, const double* c, std::size_t ldc, std::size_t rows,
              std::size_t k, std::size_t w, double* out) {
  std::vector<double> v_packed(kRowBlock * strips(k) * kTileCols);
  std::vector<double> c_packed(kRowBlock * strips(w) * kTileCols);
  for (std::size_t i0 = 0; i0 < rows; i0 += kRowBlock) {
    const std::size_t ib = std::min(kRowBlock, rows - i0);
    pack_strips(v + i0 * ldv, ldv, ib, k, v_packed.data());
    pack_strips(c + i0 * ldc, ldc, ib, w, c_packed.data());
    add_packed_vt_c(v_packed.data(), c_packed.data(), ib, k, w, out);
  }
}

// C (rows x w, ldc) -= V X, V: rows x k (ldv), X packed k x w.
LSTMBENCH_VECTOR_CLONES
void sub_v_x(const double* v, std::size_t ldv, const double* x, std::size_t rows, std::size_t k,
             std::size_t w, double* c, std::size_t ldc) {
  constexpr std::size_t kRowsPerPass = 16;  // few enough rows of C for the prefetcher to follow
  for (std::size_t i0 = 0; i0 < rows; i0 += kRowsPerPass) {
    const std::size_t i1 = std::min(rows, i0 + kRowsPerPass);
    for (std::size_t s = 0; s < strips(w); ++s) {
      const std::size_t j0 = s * kTileCols;
      const std::size_t jc = std::min(kTileCols, w - j0);
      const double* x_strip = x + s * k * kTileCols;
      std::size_t i = i0;
      for (; jc == kTileCols && i + kTileRows <= i1; i += kTileRows) {
        Double4 acc[kTileRows][2];
        for (std::size_t r = 0; r < kTileRows; ++r) {
          __builtin_memcpy(&acc[r][0], c + (i + r) * ldc + j0, sizeof acc[r][0]);
          __builtin_memcpy(&acc[r][1], c + (i + r) * ldc + j0 + 4, sizeof acc[r][1]);
        }
        for (std::size_t p = 0; p < k; ++p) {
          Double4 x0, x1;
          __builtin_memcpy(&x0, x_strip + p * kTileCols, sizeof x0);
          __builtin_memcpy(&x1, x_strip + p * kTileCols + 4, sizeof x1);
          for (std::size_t r = 0; r < kTileRows; ++r) {
            acc[r][0] -= v[(i + r) * ldv + p] * x0;
            acc[r][1] -= v[(i + r) * ldv + p] * x1;
          }
        }
        for (std::size_t r = 0; r < kTileRows; ++r) {
          __builtin_memcpy(c + (i + r) * ldc + j0, &acc[r][0], sizeof acc[r][0]);
          __builtin_memcpy(c + (i + r) * ldc + j0 + 4, &acc[r][1], sizeof acc[r][1]);
        }
      }
      for (; i < i1; ++i) {  // rows past the last full tile, or a strip narrower than a tile
        for (std::size_t j = 0; j < jc; ++j) {
          double acc = c[i * ldc + j0 + j];
          for (std::size_t p = 0; p < k; ++p) acc -= v[i * ldv + p] * x_strip[p * kTileCols + j];
          c[i * ldc + j0 + j] = acc;
        }
      }
    }
  }
}

// Columns per block of the Gram matrix, the Cholesky factorisation and the triangular solve:
// eight strips, so a block's operands stay in L2 while its product runs.
constexpr std::size_t kBlock = 64;
// Rows of Q per task of the triangular solve.
constexpr std::size_t kChunkRows = 32;
// A pass is accepted when the probe finds Q's columns orthonormal to this; the weights are
// then rounded to float32 (relative step 6e-8), far above it.
constexpr double kOrthonormalTolerance = 1e-12;
// Passes before giving up: shifted Cholesky QR needs three for a condition number up to ~1e16.
constexpr int kMaxPasses = 3;

std::size_t blocks_of(std::size_t n) { return (n + kBlock - 1) / kBlock; }

// RETURNS: how many threads a product of `flops` multiply-adds deserves: one below ~4 Mflop,
// where a thread costs more than it saves.
std::size_t threads_for(std::size_t flops) {
  if (flops < (std::size_t{1} << 22)) return 1;
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
}

// Runs task(0) .. task(count - 1) on `threads` threads, each taking the next task when it
// finishes one. Tasks write disjoint outputs, so which thread ran which changes nothing.
void run_tasks(std::size_t count, std::size_t threads,
               const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(std::max<std::size_t>(threads, 1));
  auto worker = [&](std::size_t id) {
    try {
      for (std::size_t t; (t = next.fetch_add(1)) < count;) task(t);
    } catch (...) {
      errors[id] = std::current_exception();
      next = count;
    }
  };
  {
    std::vector<std::jthread> helpers;
    for (std::size_t id = 1; id < threads; ++id) helpers.emplace_back(worker, id);
    worker(0);
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

// RETURNS: rows [r0, r0 + k) x columns [j0, j0 + w) of the row-major n x n matrix m, packed.
std::vector<double> pack(const std::vector<double>& m, std::size_t n, std::size_t r0, std::size_t k,
                         std::size_t j0, std::size_t w) {
  std::vector<double> out(strips(w) * kTileCols * k);
  pack_strips(&m[r0 * n + j0], n, k, w, out.data());
  return out;
}

// RETURNS: A^T A's upper triangle (n x n, row-major, zero below the diagonal but inside the
// diagonal blocks). Each thread owns some kBlock x kBlock tiles and sweeps A's rows in chunks
// of kGramRows, packing each chunk once and adding it to all its tiles while it is in cache:
// one pass over A per thread instead of one per tile. A tile's sums still run over the rows
// in order, so the split changes no bit.
std::vector<double> upper_gram(const std::vector<double>& a, std::size_t m, std::size_t n) {
  constexpr std::size_t kGramRows = 128;
  struct Tile {
    std::size_t p0, k, j0, w;
    std::vector<double> sums;  // packed k x w
  };
  std::vector<Tile> tiles;
  for (std::size_t jb = 0; jb < blocks_of(n); ++jb) {
    for (std::size_t pb = 0; pb <= jb; ++pb) {
      const std::size_t p0 = pb * kBlock, j0 = jb * kBlock;
      const std::size_t k = std::min(kBlock, n - p0), w = std::min(kBlock, n - j0);
      tiles.push_back({p0, k, j0, w, std::vector<double>(strips(w) * kTileCols * k, 0.0)});
    }
  }
  const std::size_t threads = std::min(tiles.size(), threads_for(m * n * n / 2));
  run_tasks(threads, threads, [&](std::size_t id) {
    std::vector<double> chunk(kGramRows * strips(n) * kTileCols);
    for (std::size_t i0 = 0; i0 < m; i0 += kGramRows) {
      const std::size_t rows = std::min(kGramRows, m - i0);
      pack_strips(&a[i0 * n], n, rows, n, chunk.data());
      for (std::size_t t = id; t < tiles.size(); t += threads) {
        Tile& tile = tiles[t];
        add_packed_vt_c(&chunk[tile.p0 * rows], &chunk[tile.j0 * rows], rows, tile.k, tile.w,
                        tile.sums.data());
      }
    }
  });
  std::vector<double> gram(n * n, 0.0);
  for (const Tile& tile : tiles)
    for (std::size_t p = 0; p < tile.k; ++p)
      for (std::size_t j = 0; j < tile.w; ++j)
        gram[(tile.p0 + p) * n + tile.j0 + j] = tile.sums[packed_index(tile.k, p, j)];
  return gram;
}

// Overwrites the upper triangle of g (n x n, row-major, holding a symmetric matrix's upper
// triangle) with R, g = R^T R, diag(R) > 0: block rows of kBlock, each first updated with the
// rows above it by one matrix product, then factored one row at a time.
// RETURNS: false when a pivot is not positive (g not numerically positive definite).
LSTMBENCH_VECTOR_CLONES
bool cholesky_upper(std::vector<double>& g, std::size_t n) {
  std::vector<double> update;
  for (std::size_t k0 = 0; k0 < n; k0 += kBlock) {
    const std::size_t kb = std::min(kBlock, n - k0);
    const std::size_t w = n - k0;
    if (k0 > 0) {  // g[K, k0:n] -= R[0:k0, K]^T R[0:k0, k0:n]
      update.assign(strips(w) * kTileCols * kb, 0.0);
      for_each_column_block(w, threads_for(k0 * kb * w), [&](std::size_t j0, std::size_t j1) {
        add_vt_c(&g[k0], n, &g[k0 + j0], n, k0, kb, j1 - j0,
                 &update[j0 / kTileCols * kb * kTileCols]);
      });
      for (std::size_t p = 0; p < kb; ++p)
        for (std::size_t j = p; j < w; ++j)
          g[(k0 + p) * n + k0 + j] -= update[packed_index(kb, p, j)];
    }
    for (std::size_t r = k0; r < k0 + kb; ++r) {
      double* row = &g[r * n];
      if (!(row[r] > 0.0)) return false;  // also false for NaN
      const double pivot = std::sqrt(row[r]);
      row[r] = pivot;
      for (std::size_t j = r + 1; j < n; ++j) row[j] /= pivot;
      for (std::size_t i = r + 1; i < k0 + kb; ++i) {
        double* row_i = &g[i * n];
        const double factor = row[i];
        for (std::size_t j = i; j < n; ++j) row_i[j] -= factor * row[j];
      }
    }
  }
  return true;
}

// RETURNS: -U^-1 packed, U = r's diagonal block at (j0, j0) of width w (upper triangular).
std::vector<double> negated_block_inverse(const std::vector<double>& r, std::size_t n,
                                          std::size_t j0, std::size_t w) {
  std::vector<double> inverse(w * w, 0.0);  // row-major, upper
  for (std::size_t j = 0; j < w; ++j) {
    const double diagonal = r[(j0 + j) * n + j0 + j];
    inverse[j * w + j] = 1.0 / diagonal;
    for (std::size_t i = 0; i < j; ++i) {
      double sum = 0.0;
      for (std::size_t s = i; s < j; ++s) sum += inverse[i * w + s] * r[(j0 + s) * n + j0 + j];
      inverse[i * w + j] = -sum / diagonal;
    }
  }
  for (double& e : inverse) e = -e;
  return pack(inverse, w, 0, w, 0, w);
}

// q (m x n, holding A) becomes A R^-1 for r upper triangular with a positive diagonal. Rows
// are independent, so chunks of rows go to the threads; within a chunk, column block J is
// A[:, J] - Q[:, 0:j0] R[0:j0, J], then times R_JJ^-1.
void solve_right_upper(std::vector<double>& q, std::size_t m, std::size_t n,
                       const std::vector<double>& r) {
  std::vector<std::vector<double>> above(blocks_of(n)), inverse(blocks_of(n));
  for (std::size_t jb = 0; jb < blocks_of(n); ++jb) {
    const std::size_t j0 = jb * kBlock, w = std::min(kBlock, n - j0);
    above[jb] = pack(r, n, 0, j0, j0, w);
    inverse[jb] = negated_block_inverse(r, n, j0, w);
  }
  const std::size_t chunks = (m + kChunkRows - 1) / kChunkRows;
  run_tasks(chunks, threads_for(m * n * n / 2), [&](std::size_t c) {
    const std::size_t i0 = c * kChunkRows, rows = std::min(kChunkRows, m - i0);
    double* chunk = &q[i0 * n];
    std::vector<double> t(rows * kBlock);
    for (std::size_t jb = 0; jb < blocks_of(n); ++jb) {
      const std::size_t j0 = jb * kBlock, w = std::min(kBlock, n - j0);
      if (j0 > 0) sub_v_x(chunk, n, above[jb].data(), rows, j0, w, chunk + j0, n);
      for (std::size_t i = 0; i < rows; ++i) {
        std::copy_n(chunk + i * n + j0, w, &t[i * w]);
        std::fill_n(chunk + i * n + j0, w, 0.0);
      }
      sub_v_x(t.data(), w, inverse[jb].data(), rows, w, w, chunk + j0, n);  // 0 - T (-U^-1)
    }
  });
}

// RETURNS: max_j |(Q^T Q x - x)_j| for x = (1, -1, 1, ...): Q^T Q - I applied to one vector,
// in 4mn flops instead of the 2mn^2 of the whole matrix.
double orthonormality_probe(const std::vector<double>& q, std::size_t m, std::size_t n) {
  std::vector<double> z(n, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    const double* row = &q[i * n];
    double y = 0.0;
    for (std::size_t j = 0; j < n; ++j) y += j % 2 ? -row[j] : row[j];
    for (std::size_t j = 0; j < n; ++j) z[j] += row[j] * y;
  }
  double worst = 0.0;
  for (std::size_t j = 0; j < n; ++j) worst = std::max(worst, std::abs(z[j] - (j % 2 ? -1 : 1)));
  return worst;
}

}  // namespace

std::vector<double> qr_positive(std::vector<double> a, std::size_t m, std::size_t n,
                                std::vector<double>* r_diag) {
  std::vector<double> q = std::move(a);  // becomes Q in place
  std::vector<double> diag(n, 1.0);      // diag(R) of all passes: R = R_k ... R_1
  for (int pass = 1;; ++pass) {
    std::vector<double> r = upper_gram(q, m, n);
    bool shifted = false;
    if (!cholesky_upper(r, n)) {
      // Not numerically positive definite: shift the Gram matrix's diagonal so that the
      // Cholesky factorisation exists (Fukaya et al.'s s = 11 (mn + n(n + 1)) u |A|^2, with
      // |A|_F^2 = trace(A^T A) >= |A|_2^2); the passes after it restore orthogonality.
      r = upper_gram(q, m, n);
      double trace = 0.0;
      for (std::size_t j = 0; j < n; ++j) trace += r[j * n + j];
      const double shift = 11.0 * static_cast<double>(m * n + n * (n + 1)) *
                           std::numeric_limits<double>::epsilon() / 2 * trace;
      for (std::size_t j = 0; j < n; ++j) r[j * n + j] += shift;
      if (trace == 0.0 || !cholesky_upper(r, n))
        throw Error("orthogonal initializer",
                    fmt::format("the {} x {} normal matrix is rank-deficient", m, n));
      shifted = true;
    }
    solve_right_upper(q, m, n, r);
    for (std::size_t j = 0; j < n; ++j) diag[j] *= r[j * n + j];
    if (!shifted && orthonormality_probe(q, m, n) <= kOrthonormalTolerance) break;
    if (pass == kMaxPasses)
      throw Error("orthogonal initializer",
                  fmt::format("the {} x {} normal matrix is too close to rank-deficient for an "
                              "orthonormal Q after {} passes",
                              m, n, kMaxPasses));
  }
  if (r_diag) *r_diag = diag;
  return q;
}

}  // namespace lstmbench::workload
