#include "lstm_layer.hpp"

#include <algorithm>
#include <cassert>

namespace lstmbench::reference {
namespace {

// y[j] += a * x[j] for a row: the one inner loop of every matrix product here, written so the
// compiler vectorises it (contiguous, no reduction).
void add_scaled(double a, const double* x, double* y, std::size_t n) {
  for (std::size_t j = 0; j < n; ++j) y[j] += a * x[j];
}

// out[j][k] = in[k][j] for in [rows][cols].
void transpose(std::span<const double> in, std::size_t rows, std::size_t cols, double* out) {
  for (std::size_t k = 0; k < rows; ++k)
    for (std::size_t j = 0; j < cols; ++j) out[j * rows + k] = in[k * cols + j];
}

}  // namespace

LstmLayer::LstmLayer(std::size_t input_width, std::size_t hidden_size, std::size_t seq_len,
                     std::size_t max_batch, Activation activation, Activation recurrent_activation)
    : input_width_(input_width),
      hidden_(hidden_size),
      seq_len_(seq_len),
      max_batch_(max_batch),
      activation_(activation),
      recurrent_activation_(recurrent_activation),
      gates_(seq_len * max_batch * 4 * hidden_size),
      cells_((seq_len + 1) * max_batch * hidden_size),
      hiddens_((seq_len + 1) * max_batch * hidden_size),
      act_cells_(seq_len * max_batch * hidden_size),
      d_gates_(max_batch * 4 * hidden_size),
      d_hidden_(max_batch * hidden_size),
      d_cell_(max_batch * hidden_size),
      scratch_h_(hidden_size),
      recurrent_t_(4 * hidden_size * hidden_size),
      kernel_t_(4 * hidden_size * input_width) {}

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
    for (std::size_t b = 0; b < batch; ++b) {
      const double* x = &input[(t * batch + b) * input_width_];
      const double* h_prev = hidden_row(t, b);
      const double* c_prev = cell_row(t, b);
      double* z = gates_row(t, b);

      // z = b + x K + h_prev R, one input element (one row of K or R) at a time.
      std::copy_n(weights.bias.data(), G, z);
      for (std::size_t k = 0; k < input_width_; ++k) add_scaled(x[k], &weights.kernel[k * G], z, G);
      for (std::size_t k = 0; k < H; ++k) add_scaled(h_prev[k], &weights.recurrent[k * G], z, G);

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
    // to d z_t, and on to d c_{t-1}.
    for (std::size_t b = 0; b < batch; ++b) {
      const double* gates = gates_row(t, b);
      const double *i = gates, *f = gates + H, *g = gates + 2 * H, *o = gates + 3 * H;
      const double* c_prev = cell_row(t, b);
      const double* act_c = act_cell_row(t, b);
      const double* d_out = &d_outputs[(t * batch + b) * H];
      double* d_h = &d_hidden_[b * H];  // in: d h_t from step t+1
      double* d_c = &d_cell_[b * H];    // in: d c_t from step t+1; out: d c_{t-1}
      double* d_z = &d_gates_[b * G];
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
    }

    // Through z = x K + h_{t-1} R + b. Weight gradients first: d K += x_t^T d z,
    // d R += h_{t-1}^T d z, d b += sum of d z; one row of d K or d R at a time over the whole
    // batch, so that row stays in cache while it is summed into.
    const double* x_t = &input[t * batch * input_width_];
    const double* h_prev = hidden_row(t, 0);
    for (std::size_t k = 0; k < input_width_; ++k)
      for (std::size_t b = 0; b < batch; ++b)
        add_scaled(x_t[b * input_width_ + k], &d_gates_[b * G], &gradients.kernel[k * G], G);
    for (std::size_t k = 0; k < H; ++k)
      for (std::size_t b = 0; b < batch; ++b)
        add_scaled(h_prev[b * H + k], &d_gates_[b * G], &gradients.recurrent[k * G], G);
    for (std::size_t b = 0; b < batch; ++b)
      add_scaled(1.0, &d_gates_[b * G], gradients.bias.data(), G);

    // Then what flows on: d h_{t-1} to the previous step, d x_t to the layer below.
    for (std::size_t b = 0; b < batch; ++b) {
      const double* d_z = &d_gates_[b * G];
      double* d_h = &d_hidden_[b * H];  // out: d h_{t-1}
      std::fill_n(d_h, H, 0.0);
      for (std::size_t j = 0; j < G; ++j) add_scaled(d_z[j], &recurrent_t_[j * H], d_h, H);
      if (!d_input.empty()) {
        double* d_x = &d_input[(t * batch + b) * input_width_];
        std::fill_n(d_x, input_width_, 0.0);
        for (std::size_t j = 0; j < G; ++j)
          add_scaled(d_z[j], &kernel_t_[j * input_width_], d_x, input_width_);
      }
    }
  }
}

}  // namespace lstmbench::reference
