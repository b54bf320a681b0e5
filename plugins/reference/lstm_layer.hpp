// One Keras LSTM layer over a whole sequence: the forward pass, keeping what backpropagation
// through time needs, and the backward pass.
//
// Keras's equations (gates in the canonical order i, f, g, o; `act` is the case's activation,
// `rec` its recurrent activation; Keras applies `act` to both the candidate and the cell):
//   z = x_t K + h_{t-1} R + b                 K [I][4H], R [H][4H], b [4H]
//   i = rec(z_i)   f = rec(z_f)   g = act(z_g)   o = rec(z_o)
//   c_t = f * c_{t-1} + i * g
//   h_t = o * act(c_t)                        h_0 = c_0 = 0
//
// Sequences are time-major, [T][B][width], so one time step of the whole batch is one
// contiguous block and the output of one layer is the input of the next as it stands.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "activations.hpp"

namespace lstmbench::reference {

// Views of one layer's tensors inside the canonical parameter vector (see canonical_weights.hpp).
struct LayerWeights {
  std::span<const double> kernel;     // [input_width][4H]
  std::span<const double> recurrent;  // [H][4H]
  std::span<const double> bias;       // [4H]
};

// The same views into a gradient vector, which backward() adds to.
struct LayerGradients {
  std::span<double> kernel;
  std::span<double> recurrent;
  std::span<double> bias;
};

class LstmLayer {
 public:
  // Allocates everything the layer will ever need for batches of up to max_batch windows, so
  // training allocates nothing per step. The matrix products run on `threads` threads, split
  // by output column: the numbers do not depend on the count (see lstmbench/column_blocks.hpp).
  LstmLayer(std::size_t input_width, std::size_t hidden_size, std::size_t seq_len,
            std::size_t max_batch, Activation activation, Activation recurrent_activation,
            std::size_t threads = 1);

  // REQUIRES: input is [T][batch][input_width], batch <= max_batch.
  // Runs the layer and keeps the gates, cells and hidden states of every step.
  void forward(const LayerWeights& weights, std::span<const double> input, std::size_t batch);

  // RETURNS: the hidden states h_1 .. h_T of the last forward(), [T][batch][H].
  std::span<const double> outputs() const;

  // REQUIRES: forward() was the last call, with the same weights, input and batch.
  // d_outputs [T][batch][H] is d loss / d h_t coming from above (the next layer or the head).
  // Adds d loss / d weights to gradients; writes d loss / d input to d_input ([T][batch][I]),
  // unless d_input is empty (the first layer has nobody to pass it to).
  void backward(const LayerWeights& weights, std::span<const double> input,
                std::span<const double> d_outputs, const LayerGradients& gradients,
                std::span<double> d_input);

 private:
  // Rows of the kept sequences for step t (1-based for h and c: index 0 is the zero state).
  double* gates_row(std::size_t t, std::size_t b) {
    return &gates_[(t * batch_ + b) * 4 * hidden_];
  }
  double* cell_row(std::size_t t, std::size_t b) { return &cells_[(t * batch_ + b) * hidden_]; }
  double* hidden_row(std::size_t t, std::size_t b) { return &hiddens_[(t * batch_ + b) * hidden_]; }
  double* act_cell_row(std::size_t t, std::size_t b) {
    return &act_cells_[(t * batch_ + b) * hidden_];
  }

  std::size_t input_width_;
  std::size_t hidden_;
  std::size_t seq_len_;
  std::size_t max_batch_;
  Activation activation_;
  Activation recurrent_activation_;
  std::size_t threads_;
  std::size_t batch_ = 0;  // of the last forward()

  // Kept by forward() for backward().
  std::vector<double> gates_;      // [T][B][4H]: i, f, g, o after their activations; backward()
                                   // overwrites step t with d loss / d z_t
  std::vector<double> cells_;      // [T+1][B][H]: c_0 .. c_T
  std::vector<double> hiddens_;    // [T+1][B][H]: h_0 .. h_T
  std::vector<double> act_cells_;  // [T][B][H]: act(c_t)

  // Scratch for backward().
  std::vector<double> d_gates_;             // [4H]: d loss / d z for one window of one step
  std::vector<double> d_hidden_;            // [B][H]: d loss / d h_{t-1} through the recurrence
  std::vector<double> d_cell_;              // [B][H]: d loss / d c_{t-1} through the cell
  std::vector<double> scratch_h_;           // [H]
  std::vector<double> recurrent_t_;         // [4H][H]: R transposed
  std::vector<double> kernel_t_;            // [4H][I]: K transposed
  std::vector<std::size_t> gradient_rows_;  // [T*B]: rows (t, b) in the order gradients sum them
};

}  // namespace lstmbench::reference
