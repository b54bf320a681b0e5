#include "lstm_layer.hpp"

#include <algorithm>
#include <cassert>

#include "lstmbench/column_blocks.hpp"
#include "lstmbench/vector_clones.hpp"  // the two inner loops: AVX2 and baseline, same numbers

namespace lstmbench::reference {
namespace {

// y[j] += a * x[j] for a row: the one inner loop of every matrix product here, written so the
// compiler vectorises it (contiguous, no reduction).
LSTMBENCH_VECTOR_CLONES void add_scaled(double a, const double* x, double* y, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) y[j] += a * x[j];
}

// Two output rows, four terms in order: y[j] = (((y[j] + c[0] s0[j]) + c[1] s1[j]) + c[2] s2[j])
// + c[3] s3[j] for each row with its own four coefficients. The same operations, in the same
// order, as four add_scaled calls per row; but each y is loaded and stored once and each s[j]
// read once for both rows, so the loop does arithmetic rather than wait for memory.
LSTMBENCH_VECTOR_CLONES void add_four_terms_to_two_rows(
    const double* c, const double* d, const double* __restrict s0, const double* __restrict s1,
    const double* __restrict s2, const double* __restrict s3, double* __restrict y,
    double* __restrict z, std::size_t n) {
  const double c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3];
  const double d0 = d[0], d1 = d[1], d2 = d[2], d3 = d[3];
  for (std::size_t j = 0; j < n; ++j) {
    y[j] = (((y[j] + c0 * s0[j]) + c1 * s1[j]) + c2 * s2[j]) + c3 * s3[j];
    z[j] = (((z[j] + d0 * s0[j]) + d1 * s1[j]) + d2 * s2[j]) + d3 * s3[j];
  }
}

// For every output row o < num_out and every term t < num_terms, in increasing t:
// out(o)[j] += coef(o, t) * source(t)[j], for j < n. Each output element is summed over its
// terms in their order, exactly as plain nested loops would, so tiles, blocking and the split
// over threads leave every bit of the result as it is.
template <typename Coef, typename Source, typename Out>
void add_terms(std::size_t num_out, std::size_t num_terms, const Coef& coef, const Source& source,
               const Out& out, std::size_t n) {
  std::size_t t = 0;
  for (; t + 4 <= num_terms; t += 4) {
    std::size_t o = 0;
    for (; o + 2 <= num_out; o += 2) {
      const double c[4] = {coef(o, t), coef(o, t + 1), coef(o, t + 2), coef(o, t + 3)};
      const double d[4] = {coef(o + 1, t), coef(o + 1, t + 1), coef(o + 1, t + 2),
                           coef(o + 1, t + 3)};
      add_four_terms_to_two_rows(c, d, source(t), source(t + 1), source(t + 2), source(t + 3),
                                 out(o), out(o + 1), n);
    }
    for (; o < num_out; ++o)
      for (std::size_t u = t; u < t + 4; ++u) add_scaled(coef(o, u), source(u), out(o), n);
  }
  for (; t < num_terms; ++t)
    for (std::size_t o = 0; o < num_out; ++o) add_scaled(coef(o, t), source(t), out(o), n);
}

constexpr std::size_t kTileColumns = 256;

struct Matrix {
  const double* data;
  std::size_t stride;  // elements from one row to the next
  const double& at(std::size_t row, std::size_t column) const {
    return data[row * stride + column];
  }
};

// out[r][j] += sum over k = 0, 1, .. K-1 (in that order) of a[r][k] * m[k][j], for the rows
// r < rows and the columns j0 <= j < j1. Tiled so that a tile of out stays in the L1 cache while
// m streams through it.
void add_products(Matrix a, std::size_t K, Matrix m, double* out, std::size_t out_stride,
                  std::size_t rows, std::size_t j0, std::size_t j1) {
  constexpr std::size_t kTileDoubles = 2048;  // 16 KB: half of a typical L1 data cache
  for (std::size_t c = j0; c < j1; c += kTileColumns) {
    const std::size_t n = std::min(kTileColumns, j1 - c);
    const std::size_t tile_rows = std::max<std::size_t>(1, kTileDoubles / n);
    for (std::size_t r0 = 0; r0 < rows; r0 += tile_rows) {
      add_terms(
          std::min(rows - r0, tile_rows), K,
          [&](std::size_t o, std::size_t k) { return a.at(r0 + o, k); },
          [&](std::size_t k) { return &m.at(k, c); },
          [&](std::size_t o) { return &out[(r0 + o) * out_stride + c]; }, n);
    }
  }
}

// out[k][j] += sum over the rows r of a and d, in the order `rows` lists them, of
// a[r][k] * d[r][j], for k < K and j0 <= j < j1: a weight gradient summed over every step and
// window. A tile of out stays in the L2 cache while the rows stream through it.
void add_transposed_products(Matrix a, Matrix d, std::span<const std::size_t> rows, std::size_t K,
                             double* out, std::size_t out_stride, std::size_t j0, std::size_t j1) {
  constexpr std::size_t kTileDoubles = 16384;  // 128 KB: a quarter of a typical L2 cache
  for (std::size_t c = j0; c < j1; c += kTileColumns) {
    const std::size_t n = std::min(kTileColumns, j1 - c);
    const std::size_t tile_k = std::max<std::size_t>(1, kTileDoubles / n);
    for (std::size_t k0 = 0; k0 < K; k0 += tile_k) {
      add_terms(
          std::min(K - k0, tile_k), rows.size(),
          [&](std::size_t o, std::size_t t) { return a.at(rows[t], k0 + o); },
          [&](std::size_t t) { return &d.at(rows[t], c); },
          [&](std::size_t o) { return &out[(k0 + o) * out_stride + c]; }, n);
    }
  }
}

// out[j][k] = in[k][j] for in [rows][cols].
void transpose(std::span<const double> in, std::size_t rows, std::size_t cols, double* out) {
  for (std::size_t k = 0; k < rows; ++k)
    for (std::size_t j = 0; j < cols; ++j) out[j * rows + k] = in[k * cols + j];
}

}  // namespace

LstmLayer::LstmLayer(std::size_t input_width, std::size_t hidden_size, std::size_t seq_len,
                     std::size_t max_batch, Activation activation, Activation recurrent_activation,
                     std::size_t threads)
    : input_width_(input_width),
      hidden_(hidden_size),
      seq_len_(seq_len),
      max_batch_(max_batch),
      activation_(activation),
      recurrent_activation_(recurrent_activation),
      threads_(threads),
      gates_(seq_len * max_batch * 4 * hidden_size),
      cells_((seq_len + 1) * max_batch * hidden_size),
      hiddens_((seq_len + 1) * max_batch * hidden_size),
      act_cells_(seq_len * max_batch * hidden_size),
      d_gates_(4 * hidden_size),
      d_hidden_(max_batch * hidden_size),
      d_cell_(max_batch * hidden_size),
      scratch_h_(hidden_size),
      recurrent_t_(4 * hidden_size * hidden_size),
      kernel_t_(4 * hidden_size * input_width) {
  gradient_rows_.reserve(seq_len * max_batch);
}

void LstmLayer::forward(const LayerWeights& weights, std::span<const double> input,
                        std::size_t batch) {
  assert(batch <= max_batch_ && input.size() >= seq_len_ * batch * input_width_);
  batch_ = batch;
  const std::size_t H = hidden_;
  const std::size_t G = 4 * H;  // one row of gates

  // The zero initial state (Keras's default: no stateful carry-over between batches).
  std::fill_n(cell_row(0, 0), batch * H, 0.0);
  std::fill_n(hidden_row(0, 0), batch * H, 0.0);

  for (std::size_t t = 0; t < seq_len_; ++t) {
    const double* x_t = &input[t * batch * input_width_];
    const double* h_prev = hidden_row(t, 0);
    // z = b + x K + h_prev R, one row of K or R at a time for the whole batch, so that each
    // row is read from memory once per step rather than once per window.
    for_each_column_block(G, threads_, [&](std::size_t j0, std::size_t j1) {
      for (std::size_t b = 0; b < batch; ++b)
        std::copy_n(&weights.bias[j0], j1 - j0, gates_row(t, b) + j0);
      add_products({x_t, input_width_}, input_width_, {weights.kernel.data(), G}, gates_row(t, 0),
                   G, batch, j0, j1);
      add_products({h_prev, H}, H, {weights.recurrent.data(), G}, gates_row(t, 0), G, batch, j0,
                   j1);
    });

    for (std::size_t b = 0; b < batch; ++b) {
      const double* c_prev = cell_row(t, b);
      double* z = gates_row(t, b);

      // Gates in place: z becomes i, f, g, o.
      std::span<double> i(z, H), f(z + H, H), g(z + 2 * H, H), o(z + 3 * H, H);
      activate(recurrent_activation_, i, i);
      activate(recurrent_activation_, f, f);
      activate(activation_, g, g);
      activate(recurrent_activation_, o, o);

      double* c = cell_row(t + 1, b);
      for (std::size_t j = 0; j < H; ++j) c[j] = f[j] * c_prev[j] + i[j] * g[j];
      std::span<double> act_c(act_cell_row(t, b), H);
      activate(activation_, std::span<const double>(c, H), act_c);
      double* h = hidden_row(t + 1, b);
      for (std::size_t j = 0; j < H; ++j) h[j] = o[j] * act_c[j];
    }
  }
}

std::span<const double> LstmLayer::outputs() const {
  return std::span<const double>(hiddens_).subspan(batch_ * hidden_, seq_len_ * batch_ * hidden_);
}

void LstmLayer::backward(const LayerWeights& weights, std::span<const double> input,
                         std::span<const double> d_outputs, const LayerGradients& gradients,
                         std::span<double> d_input) {
  const std::size_t batch = batch_;
  const std::size_t H = hidden_;
  const std::size_t G = 4 * H;

  // d h_{t-1} = d z R^T and d x_t = d z K^T. With R and K transposed once here, these are
  // row-by-row sums like every other product in this file (a dot product per element would be
  // a serial chain of additions the compiler cannot vectorise without reordering the sum).
  transpose(weights.recurrent, H, G, recurrent_t_.data());
  transpose(weights.kernel, input_width_, G, kernel_t_.data());

  // Nothing flows back from beyond the last step.
  std::fill_n(d_hidden_.begin(), batch * H, 0.0);
  std::fill_n(d_cell_.begin(), batch * H, 0.0);

  for (std::size_t t = seq_len_; t-- > 0;) {
    // Through the cell: from d h_t (from above and from step t+1) and d c_t (from step t+1)
    // to d z_t, and on to d c_{t-1}. d z_t overwrites the gates of step t, which nothing
    // needs any more, so the weight gradients can be summed over all steps at the end.
    for (std::size_t b = 0; b < batch; ++b) {
      double* gates = gates_row(t, b);
      const double *i = gates, *f = gates + H, *g = gates + 2 * H, *o = gates + 3 * H;
      const double* c_prev = cell_row(t, b);
      const double* act_c = act_cell_row(t, b);
      const double* d_out = &d_outputs[(t * batch + b) * H];
      double* d_h = &d_hidden_[b * H];  // in: d h_t from step t+1
      double* d_c = &d_cell_[b * H];    // in: d c_t from step t+1; out: d c_{t-1}
      double* d_z = d_gates_.data();
      double* d_zi = d_z;
      double* d_zf = d_z + H;
      double* d_zg = d_z + 2 * H;
      double* d_zo = d_z + 3 * H;

      // d act(c_t) = dh * o, then through act to d c_t.
      double* d_act_c = scratch_h_.data();
      for (std::size_t j = 0; j < H; ++j) {
        const double dh = d_out[j] + d_h[j];
        d_zo[j] = dh * act_c[j];
        d_act_c[j] = dh * o[j];
      }
      multiply_by_derivative(activation_, {act_c, H}, {d_act_c, H});
      for (std::size_t j = 0; j < H; ++j) {
        const double dc = d_act_c[j] + d_c[j];
        d_zi[j] = dc * g[j];
        d_zf[j] = dc * c_prev[j];
        d_zg[j] = dc * i[j];
        d_c[j] = dc * f[j];
      }
      // From d gate to d pre-activation.
      multiply_by_derivative(recurrent_activation_, {i, H}, {d_zi, H});
      multiply_by_derivative(recurrent_activation_, {f, H}, {d_zf, H});
      multiply_by_derivative(activation_, {g, H}, {d_zg, H});
      multiply_by_derivative(recurrent_activation_, {o, H}, {d_zo, H});
      std::copy_n(d_z, G, gates);
    }

    // What flows on: d h_{t-1} to the previous step, d x_t to the layer below; one row of R^T
    // or K^T at a time for the whole batch.
    for_each_column_block(H, threads_, [&](std::size_t h0, std::size_t h1) {
      for (std::size_t b = 0; b < batch; ++b) std::fill_n(&d_hidden_[b * H + h0], h1 - h0, 0.0);
      add_products({gates_row(t, 0), G}, G, {recurrent_t_.data(), H}, d_hidden_.data(), H, batch,
                   h0, h1);
    });
    if (!d_input.empty()) {
      double* d_x = &d_input[t * batch * input_width_];
      for_each_column_block(input_width_, threads_, [&](std::size_t i0, std::size_t i1) {
        for (std::size_t b = 0; b < batch; ++b)
          std::fill_n(&d_x[b * input_width_ + i0], i1 - i0, 0.0);
        add_products({gates_row(t, 0), G}, G, {kernel_t_.data(), input_width_}, d_x, input_width_,
                     batch, i0, i1);
      });
    }
  }

  // Weight gradients over all steps: d K += sum_t x_t^T d z_t, d R += sum_t h_{t-1}^T d z_t,
  // d b += sum_t sum_b d z_t, each summed over the steps last to first (as backpropagation
  // produced them) and the windows in order. Row (t, b) of every [T][B] sequence is t*batch+b.
  std::vector<std::size_t>& rows = gradient_rows_;
  rows.clear();
  for (std::size_t t = seq_len_; t-- > 0;)
    for (std::size_t b = 0; b < batch; ++b) rows.push_back(t * batch + b);
  const Matrix d_z{gates_row(0, 0), G};
  for_each_column_block(G, threads_, [&](std::size_t j0, std::size_t j1) {
    add_transposed_products({input.data(), input_width_}, d_z, rows, input_width_,
                            gradients.kernel.data(), G, j0, j1);
    add_transposed_products({hidden_row(0, 0), H}, d_z, rows, H, gradients.recurrent.data(), G, j0,
                            j1);
    for (std::size_t r : rows) add_scaled(1.0, &d_z.at(r, j0), &gradients.bias[j0], j1 - j0);
  });
}

}  // namespace lstmbench::reference
