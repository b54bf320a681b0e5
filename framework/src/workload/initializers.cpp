#include "workload/initializers.hpp"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "lstmbench/canonical_weights.hpp"
#include "lstmbench/column_blocks.hpp"
#include "lstmbench/vector_clones.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {

double glorot_uniform(RandomStream& random, std::size_t rows, std::size_t cols, float* out) {
  const double limit = std::sqrt(6.0 / static_cast<double>(rows + cols));
  for (std::size_t k = 0; k < rows * cols; ++k) {
    float value = static_cast<float>(random.uniform(-limit, limit));
    // Rounding to float may land exactly on the limit; keep the half-open interval.
    if (std::abs(value) > limit) value = std::nextafter(value, 0.0f);
    out[k] = value;
  }
  return limit;
}

namespace {

// Blocked Householder QR (LAPACK's dgeqrf/dorgqr scheme with the compact WY form,
// Schreiber & Van Loan 1989): a panel of kPanel columns is factored, its reflections are
// gathered into H_0 ... H_{b-1} = I - V T V^T, and the rest of the matrix
// is updated by two matrix products. Almost all the work is then in those products, whose
// tiles stay in registers and whose operands stay in cache; the unblocked algorithm streamed
// the whole 4H x H matrix through memory once per column.
constexpr std::size_t kPanel = 128;
// Inside a panel, groups of kInnerPanel columns are reflected one column at a time, and each
// group updates the rest of the panel as a block, so the panel's own work runs at matrix
// product speed too.
constexpr std::size_t kInnerPanel = 32;
// A register tile is kTileRows x kTileCols doubles (8 AVX registers, 16 SSE2 registers).
constexpr std::size_t kTileRows = 4;
constexpr std::size_t kTileCols = 8;
// Rows of V and C per pass of the V^T C product: the packed C strip (kRowBlock x kTileCols)
// stays in L1 while every row tile of V^T goes past it.
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

// out (packed, k x w) += V^T C, V: rows x k (leading dimension ldv), C: rows x w (ldc).
LSTMBENCH_VECTOR_CLONES
void add_vt_c(const double* v, std::size_t ldv, const double* c, std::size_t ldc, std::size_t rows,
              std::size_t k, std::size_t w, double* out) {
  // A row block of C in strips, filled row by row: each row of C is read once, in order.
  // Columns past w stay zero.
  std::vector<double> packed(kRowBlock * strips(w) * kTileCols, 0.0);
  // The same row block of V in tiles of kTileRows columns, each tile's rows contiguous: read
  // in place, a tile's rows lie ldv doubles apart, and with ldv a power of two they fall into
  // a few L1 sets and evict each other.
  const std::size_t tiles = k / kTileRows;
  std::vector<double> v_packed(tiles * kRowBlock * kTileRows);
  for (std::size_t i0 = 0; i0 < rows; i0 += kRowBlock) {
    const std::size_t ib = std::min(kRowBlock, rows - i0);
    for (std::size_t i = 0; i < ib; ++i) {
      const double* ci = c + (i0 + i) * ldc;
      std::size_t j = 0;
      for (; j + kTileCols <= w; j += kTileCols)
        std::copy_n(ci + j, kTileCols, &packed[(j / kTileCols * kRowBlock + i) * kTileCols]);
      for (; j < w; ++j)
        packed[(j / kTileCols * kRowBlock + i) * kTileCols + j % kTileCols] = ci[j];
      const double* vi = v + (i0 + i) * ldv;
      for (std::size_t t = 0; t < tiles; ++t)
        std::copy_n(vi + t * kTileRows, kTileRows, &v_packed[(t * kRowBlock + i) * kTileRows]);
    }
    for (std::size_t s = 0; s < strips(w); ++s) {
      const double* strip = &packed[s * kRowBlock * kTileCols];
      double* out_strip = out + s * k * kTileCols;
      std::size_t p0 = 0;
      for (; p0 + kTileRows <= k; p0 += kTileRows) {
        Double4 acc[kTileRows][2];
        __builtin_memcpy(acc, out_strip + p0 * kTileCols, sizeof acc);
        const double* v_tile = &v_packed[p0 / kTileRows * kRowBlock * kTileRows];
        for (std::size_t i = 0; i < ib; ++i) {
          const double* vi = v_tile + i * kTileRows;
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
      for (; p0 < k; ++p0) {  // k not a multiple of kTileRows: the last panel only
        for (std::size_t j = 0; j < kTileCols; ++j) {
          double acc = out_strip[p0 * kTileCols + j];
          for (std::size_t i = 0; i < ib; ++i)
            acc += v[(i0 + i) * ldv + p0] * strip[i * kTileCols + j];
          out_strip[p0 * kTileCols + j] = acc;
        }
      }
    }
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

// A block of reflections H_0 ... H_{b-1} = I - V T V^T acting on `rows` rows: V is rows x b
// (leading dimension ldv; column p is v_p, zero above row p), T is b x b upper triangular.
struct BlockView {
  const double* v;
  std::size_t ldv;
  std::size_t rows;
  std::size_t width;
  const double* t;
};

// RETURNS: T for the reflections in V (zero above the diagonal) with factors tau, as LAPACK's
// dlarft builds it (forward, column-wise): T[p][p] = tau_p and
// T[0:p][p] = -tau_p T[0:p][0:p] (V[:, 0:p]^T v_p).
std::vector<double> triangular_factor(const double* v, std::size_t ldv, std::size_t rows,
                                      std::size_t b, const double* tau) {
  std::vector<double> gram(strips(b) * kTileCols * b, 0.0);  // packed V^T V
  add_vt_c(v, ldv, v, ldv, rows, b, b, gram.data());
  std::vector<double> t(b * b, 0.0);
  std::vector<double> column(b);
  for (std::size_t p = 0; p < b; ++p) {
    const double* gram_p = &gram[p / kTileCols * b * kTileCols + p % kTileCols];
    for (std::size_t q = 0; q < p; ++q) column[q] = -tau[p] * gram_p[q * kTileCols];
    for (std::size_t q = 0; q < p; ++q) {
      double sum = 0.0;
      for (std::size_t s = q; s < p; ++s) sum += t[q * b + s] * column[s];
      t[q * b + p] = sum;
    }
    t[p * b + p] = tau[p];
  }
  return t;
}

// Applies (I - V T V^T)^T (for the factorisation, Q^T C) or I - V T V^T (for building Q) to
// columns [j0, j1) of c (block.rows rows, leading dimension ldc).
void apply_block_columns(const BlockView& block, bool transposed, double* c, std::size_t ldc,
                         std::size_t j0, std::size_t j1) {
  const std::size_t b = block.width;
  const std::size_t w = j1 - j0;
  const std::size_t strip_size = b * kTileCols;
  std::vector<double> vtc(strips(w) * strip_size, 0.0);  // packed, like x
  add_vt_c(block.v, block.ldv, c + j0, ldc, block.rows, b, w, vtc.data());
  // x = op(T) (V^T C), op(T) = T^T for the factorisation, T for building Q.
  std::vector<double> x(vtc.size(), 0.0);
  for (std::size_t s = 0; s < strips(w); ++s) {
    const double* vtc_strip = &vtc[s * strip_size];
    double* x_strip = &x[s * strip_size];
    for (std::size_t p = 0; p < b; ++p) {
      const std::size_t q_begin = transposed ? 0 : p;
      const std::size_t q_end = transposed ? p + 1 : b;
      for (std::size_t q = q_begin; q < q_end; ++q) {
        const double t = transposed ? block.t[q * b + p] : block.t[p * b + q];
        for (std::size_t j = 0; j < kTileCols; ++j)
          x_strip[p * kTileCols + j] += t * vtc_strip[q * kTileCols + j];
      }
    }
  }
  sub_v_x(block.v, block.ldv, x.data(), block.rows, b, w, c + j0, ldc);
}

// Applies the block to w columns of c, split across threads by columns (the result does not
// depend on the split: lstmbench/column_blocks.hpp).
void apply_block(const BlockView& block, bool transposed, double* c, std::size_t ldc,
                 std::size_t w) {
  // Below ~4 Mflop a thread costs more than it saves.
  const bool big = block.rows * w * block.width >= (std::size_t{1} << 20);
  const std::size_t threads =
      big ? std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8) : 1;
  for_each_column_block(w, threads, [&](std::size_t j0, std::size_t j1) {
    apply_block_columns(block, transposed, c, ldc, j0, j1);
  });
}

// Householder reflections for columns [k_begin, k_end) of the row-major panel (rows x ldp),
// applied to those columns only, one at a time as LAPACK's dgeqr2 does. Column k's vector
// goes to v (rows x ldv, column k, rows k ..), its factor to tau[k], R's diagonal to diag[k].
LSTMBENCH_VECTOR_CLONES
void reflect_columns(double* panel, std::size_t ldp, std::size_t rows, std::size_t k_begin,
                     std::size_t k_end, double* v, std::size_t ldv, double* tau, double* diag) {
  std::vector<double> scale(k_end);
  for (std::size_t k = k_begin; k < k_end; ++k) {
    double norm = 0.0;
    for (std::size_t i = k; i < rows; ++i) norm += panel[i * ldp + k] * panel[i * ldp + k];
    norm = std::sqrt(norm);
    // alpha takes the sign opposite to the pivot so that v = x - alpha e1 does not cancel.
    const double alpha = panel[k * ldp + k] > 0 ? -norm : norm;
    double v_norm2 = 0.0;
    for (std::size_t i = k; i < rows; ++i) {
      const double vi = i == k ? panel[i * ldp + k] - alpha : panel[i * ldp + k];
      v[i * ldv + k] = vi;
      v_norm2 += vi * vi;
    }
    // H = I - tau v v^T with tau = 2 / |v|^2; a zero column needs no reflection (tau = 0).
    tau[k] = v_norm2 > 0.0 ? 2.0 / v_norm2 : 0.0;
    std::fill(scale.begin() + k, scale.end(), 0.0);
    for (std::size_t i = k; i < rows; ++i) {
      const double vi = v[i * ldv + k];
      for (std::size_t j = k; j < k_end; ++j) scale[j] += vi * panel[i * ldp + j];
    }
    for (std::size_t j = k; j < k_end; ++j) scale[j] *= tau[k];
    for (std::size_t i = k; i < rows; ++i) {
      const double vi = v[i * ldv + k];
      for (std::size_t j = k; j < k_end; ++j) panel[i * ldp + j] -= scale[j] * vi;
    }
    diag[k] = panel[k * ldp + k];
  }
}

// One outer panel's reflections, with the storage a BlockView points into.
struct PanelReflector {
  std::size_t first = 0;  // the panel's first column, and V's first row in the matrix
  std::size_t width = 0;
  std::vector<double> v;  // (m - first) x width, zero above the diagonal
  std::vector<double> t;  // width x width
  BlockView view(std::size_t m) const { return {v.data(), width, m - first, width, t.data()}; }
};

// Factors columns first .. first+b-1 (rows first .. m-1) of the row-major m x n matrix r:
// the panel is copied out and factored kInnerPanel columns at a time, each inner block
// updating the rest of the panel as one block reflector. RETURNS: the panel's reflector;
// diag gets R's diagonal for these columns.
PanelReflector factor_panel(const std::vector<double>& r, std::size_t m, std::size_t n,
                            std::size_t first, std::size_t b, double* diag) {
  const std::size_t rows = m - first;
  std::vector<double> panel(rows * b);
  for (std::size_t i = 0; i < rows; ++i) std::copy_n(&r[(first + i) * n + first], b, &panel[i * b]);
  PanelReflector out{first, b, std::vector<double>(rows * b, 0.0), {}};
  std::vector<double> tau(b);
  for (std::size_t k0 = 0; k0 < b; k0 += kInnerPanel) {
    const std::size_t k1 = std::min(b, k0 + kInnerPanel);
    reflect_columns(panel.data(), b, rows, k0, k1, out.v.data(), b, tau.data(), diag);
    if (k1 == b) break;
    const double* v = &out.v[k0 * b + k0];
    const std::vector<double> t = triangular_factor(v, b, rows - k0, k1 - k0, &tau[k0]);
    apply_block({v, b, rows - k0, k1 - k0, t.data()}, true, &panel[k0 * b + k1], b, b - k1);
  }
  out.t = triangular_factor(out.v.data(), b, rows, b, tau.data());
  return out;
}

}  // namespace

std::vector<double> qr_positive(const std::vector<double>& a, std::size_t m, std::size_t n,
                                std::vector<double>* r_diag) {
  std::vector<double> r = a;  // its trailing columns are updated panel by panel
  std::vector<double> diag(n);
  std::vector<PanelReflector> panels;
  for (std::size_t first = 0; first < n; first += kPanel) {
    const std::size_t b = std::min(kPanel, n - first);
    panels.push_back(factor_panel(r, m, n, first, b, &diag[first]));
    // Q^T C = (I - V T V^T)^T C on the columns right of the panel, rows first .. m-1.
    const std::size_t rest = n - first - b;
    if (rest > 0) apply_block(panels.back().view(m), true, &r[first * n + first + b], n, rest);
  }

  // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity, last panel first.
  // Before panel `first` is applied, Q's columns left of `first` are still e_j with zeros in
  // rows first .. m-1, so only columns first .. n-1 change (dorgqr's saving).
  std::vector<double> q(m * n, 0.0);
  for (std::size_t j = 0; j < n; ++j) q[j * n + j] = 1.0;
  for (std::size_t kk = panels.size(); kk-- > 0;) {
    const std::size_t first = panels[kk].first;
    apply_block(panels[kk].view(m), false, &q[first * n + first], n, n - first);
  }

  // Keras: q *= sign(diag(r)). Makes the factorisation unique (the Haar-distributed Q).
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (diag[j] < 0) q[i * n + j] = -q[i * n + j];
    }
  }
  if (r_diag) {
    r_diag->resize(n);
    for (std::size_t j = 0; j < n; ++j) (*r_diag)[j] = std::abs(diag[j]);
  }
  return q;
}

void orthogonal(RandomStream& random, std::size_t rows, std::size_t cols, float* out) {
  const std::size_t m = std::max(rows, cols);
  const std::size_t n = std::min(rows, cols);
  std::vector<double> a(m * n);
  for (double& e : a) e = random.normal();
  const std::vector<double> q = qr_positive(a, m, n);
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) {
      // rows < cols: the result is Q^T, so element (i, j) is Q(j, i).
      out[i * cols + j] = static_cast<float>(rows < cols ? q[j * n + i] : q[i * n + j]);
    }
  }
}

std::vector<float> initial_weights(const suite::CaseSpec& spec, int input_size) {
  const auto hidden = static_cast<std::size_t>(spec.hidden_size);
  const CanonicalLayout layout(static_cast<std::size_t>(input_size), hidden,
                               static_cast<std::size_t>(spec.num_layers));
  std::vector<float> weights(layout.total(), 0.0f);
  RandomStream random(spec.seed, Stream::kWeights);
  for (std::size_t l = 0; l < layout.num_layers(); ++l) {
    const CanonicalLayer& layer = layout.layer(l);
    glorot_uniform(random, layer.input_width, 4 * hidden, &weights[layer.kernel_offset]);
    orthogonal(random, hidden, 4 * hidden, &weights[layer.recurrent_offset]);
    // unit_forget_bias=True: gate order i, f, g, o, so the forget gate is columns H .. 2H-1.
    for (std::size_t j = 0; j < hidden; ++j) weights[layer.bias_offset + hidden + j] = 1.0f;
  }
  glorot_uniform(random, hidden, 1, &weights[layout.dense_kernel_offset()]);
  weights[layout.dense_bias_offset()] = 0.0f;
  return weights;
}

}  // namespace lstmbench::workload
