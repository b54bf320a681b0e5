// The whole workload model: stacked LSTM layers -> Dense(1) on the top layer's last hidden
// state -> mean squared error. Parameters live in one float64 vector in the canonical layout
// (lstmbench/canonical_weights.hpp), so gradients come out in that layout too and the
// optimizer, read_weights and the tests all see the same flat vector.
#pragma once

#include <cstddef>
#include <lstmbench/canonical_weights.hpp>
#include <span>
#include <vector>

#include "activations.hpp"
#include "lstm_layer.hpp"

namespace lstmbench::reference {

struct ModelShape {
  std::size_t input_size = 1;
  std::size_t hidden_size = 64;
  std::size_t num_layers = 1;
  std::size_t seq_len = 60;
  Activation activation = Activation::kTanh;
  Activation recurrent_activation = Activation::kSigmoid;
  std::size_t threads = 1;  // for the matrix products; the numbers do not depend on it
};

class LstmModel {
 public:
  // Allocates all workspace for batches of up to max_batch windows. Parameters start at zero.
  LstmModel(const ModelShape& shape, std::size_t max_batch);

  const ModelShape& shape() const { return shape_; }
  const CanonicalLayout& layout() const { return layout_; }
  std::size_t max_batch() const { return max_batch_; }

  // The parameters in canonical layout (layout().total() values). Change them freely between
  // calls; forward() reads them as they are.
  std::span<double> parameters() { return parameters_; }
  std::span<const double> parameters() const { return parameters_; }

  // REQUIRES: windows is [B][seq_len][input_size] (the dataset's own layout), targets is [B],
  // 1 <= B <= max_batch.
  // RETURNS: the loss, mean over the batch of (prediction - target)^2. Keeps what backward needs.
  double forward(std::span<const double> windows, std::span<const double> targets);

  // RETURNS: the predictions of the last forward(), [B].
  std::span<const double> predictions() const { return {predictions_.data(), batch_}; }

  // REQUIRES: forward() was the last call and the parameters have not changed since.
  // Overwrites gradient (layout().total() values) with d loss / d parameters.
  void backward(std::span<double> gradient);

 private:
  LayerWeights layer_weights(std::size_t l) const;
  LayerGradients layer_gradients(std::size_t l, std::span<double> gradient) const;

  ModelShape shape_;
  CanonicalLayout layout_;
  std::size_t max_batch_;
  std::vector<double> parameters_;
  std::vector<LstmLayer> layers_;

  std::size_t batch_ = 0;            // of the last forward()
  std::vector<double> input_;        // [T][B][I]: the windows, time-major
  std::vector<double> targets_;      // [B]
  std::vector<double> predictions_;  // [B]
  std::vector<double> d_above_;      // [T][B][H]: d loss / d outputs of the current layer
  std::vector<double> d_below_;      // [T][B][H]: d loss / d inputs of the current layer
};

}  // namespace lstmbench::reference
