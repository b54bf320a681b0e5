#include "lstm_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace lstmbench::reference {

LstmModel::LstmModel(const ModelShape& shape, std::size_t max_batch)
    : shape_(shape),
      layout_(shape.input_size, shape.hidden_size, shape.num_layers),
      max_batch_(max_batch),
      parameters_(layout_.total(), 0.0),
      input_(shape.seq_len * max_batch * shape.input_size),
      targets_(max_batch),
      predictions_(max_batch),
      d_above_(shape.seq_len * max_batch * shape.hidden_size),
      d_below_(shape.seq_len * max_batch * shape.hidden_size) {
  for (std::size_t l = 0; l < shape.num_layers; ++l) {
    layers_.emplace_back(layout_.layer(l).input_width, shape.hidden_size, shape.seq_len, max_batch,
                         shape.activation, shape.recurrent_activation, shape.threads);
  }
}

LayerWeights LstmModel::layer_weights(std::size_t l) const {
  const CanonicalLayer& at = layout_.layer(l);
  const std::size_t G = 4 * shape_.hidden_size;
  std::span<const double> p = parameters_;
  return {p.subspan(at.kernel_offset, at.input_width * G),
          p.subspan(at.recurrent_offset, shape_.hidden_size * G), p.subspan(at.bias_offset, G)};
}

LayerGradients LstmModel::layer_gradients(std::size_t l, std::span<double> gradient) const {
  const CanonicalLayer& at = layout_.layer(l);
  const std::size_t G = 4 * shape_.hidden_size;
  return {gradient.subspan(at.kernel_offset, at.input_width * G),
          gradient.subspan(at.recurrent_offset, shape_.hidden_size * G),
          gradient.subspan(at.bias_offset, G)};
}

double LstmModel::forward(std::span<const double> windows, std::span<const double> targets) {
  const std::size_t batch = targets.size();
  const std::size_t T = shape_.seq_len, I = shape_.input_size, H = shape_.hidden_size;
  if (batch == 0 || batch > max_batch_ || windows.size() != batch * T * I)
    throw std::invalid_argument("LstmModel::forward: batch does not match the model's shape");
  batch_ = batch;

  // [B][T][I] -> [T][B][I], so every layer reads one step of the batch as one block.
  for (std::size_t b = 0; b < batch; ++b)
    for (std::size_t t = 0; t < T; ++t)
      std::copy_n(&windows[(b * T + t) * I], I, &input_[(t * batch + b) * I]);
  std::copy(targets.begin(), targets.end(), targets_.begin());

  std::span<const double> layer_input = input_;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    layers_[l].forward(layer_weights(l), layer_input, batch);
    layer_input = layers_[l].outputs();
  }

  // Dense(1) on the last step's hidden state, then the mean squared error.
  const double* dense_kernel = &parameters_[layout_.dense_kernel_offset()];
  const double dense_bias = parameters_[layout_.dense_bias_offset()];
  const double* last_h = &layer_input[(T - 1) * batch * H];
  double sum_squared = 0.0;
  for (std::size_t b = 0; b < batch; ++b) {
    double prediction = dense_bias;
    for (std::size_t j = 0; j < H; ++j) prediction += last_h[b * H + j] * dense_kernel[j];
    predictions_[b] = prediction;
    const double error = prediction - targets_[b];
    sum_squared += error * error;
  }
  return sum_squared / static_cast<double>(batch);
}

void LstmModel::backward(std::span<double> gradient) {
  const std::size_t batch = batch_;
  const std::size_t T = shape_.seq_len, H = shape_.hidden_size;
  if (gradient.size() != layout_.total())
    throw std::invalid_argument("LstmModel::backward: gradient has the wrong size");
  std::fill(gradient.begin(), gradient.end(), 0.0);

  // The head. loss = (1/B) sum_b (p_b - y_b)^2, so d loss / d p_b = 2 (p_b - y_b) / B.
  const std::size_t top = layers_.size() - 1;
  const double* dense_kernel = &parameters_[layout_.dense_kernel_offset()];
  const double* last_h = &layers_[top].outputs()[(T - 1) * batch * H];
  double* d_dense_kernel = &gradient[layout_.dense_kernel_offset()];
  double& d_dense_bias = gradient[layout_.dense_bias_offset()];

  // Only the last step of the top layer feeds the head; its other steps get nothing from above.
  std::fill_n(d_above_.begin(), T * batch * H, 0.0);
  double* d_last_h = &d_above_[(T - 1) * batch * H];
  for (std::size_t b = 0; b < batch; ++b) {
    const double d_prediction = 2.0 * (predictions_[b] - targets_[b]) / static_cast<double>(batch);
    d_dense_bias += d_prediction;
    for (std::size_t j = 0; j < H; ++j) {
      d_dense_kernel[j] += d_prediction * last_h[b * H + j];
      d_last_h[b * H + j] = d_prediction * dense_kernel[j];
    }
  }

  // The layers, top down; what one layer sends to its input is what the one below gets from above.
  for (std::size_t l = layers_.size(); l-- > 0;) {
    std::span<const double> layer_input =
        l == 0 ? std::span<const double>(input_) : layers_[l - 1].outputs();
    std::span<double> d_input = l == 0 ? std::span<double>() : std::span<double>(d_below_);
    layers_[l].backward(layer_weights(l), layer_input, d_above_, layer_gradients(l, gradient),
                        d_input);
    std::swap(d_above_, d_below_);
  }
}

}  // namespace lstmbench::reference
