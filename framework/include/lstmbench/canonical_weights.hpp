// The canonical weight layout every backend receives and hands back (docs/canonical-weights.md).
//
// Keras's own layout, flattened, float32, in this order:
//   for each layer l = 0 .. num_layers-1 (input width I_0 = input_size, I_l = hidden_size after):
//     kernel            [I_l][4H]  row-major, column g*H + j is gate g (i, f, g, o), unit j
//     recurrent_kernel  [H][4H]    same column order
//     bias              [4H]       one bias per gate unit (Keras has no second, input bias)
//   dense kernel        [H]        Dense(1) on the top layer's last hidden state
//   dense bias          [1]
// Keras's layout is oneDNN's ldigo verbatim; cuDNN and PyTorch hold each gate transposed.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace lstmbench {

// Offsets (in floats) of one layer's three tensors inside the flat canonical vector.
struct CanonicalLayer {
  std::size_t input_width = 0;
  std::size_t kernel_offset = 0;     // [input_width][4H]
  std::size_t recurrent_offset = 0;  // [H][4H]
  std::size_t bias_offset = 0;       // [4H]
};

class CanonicalLayout {
 public:
  CanonicalLayout(std::size_t input_size, std::size_t hidden_size, std::size_t num_layers)
      : hidden_(hidden_size) {
    std::size_t offset = 0;
    for (std::size_t l = 0; l < num_layers; ++l) {
      CanonicalLayer layer;
      layer.input_width = l == 0 ? input_size : hidden_size;
      layer.kernel_offset = offset;
      offset += layer.input_width * 4 * hidden_size;
      layer.recurrent_offset = offset;
      offset += hidden_size * 4 * hidden_size;
      layer.bias_offset = offset;
      offset += 4 * hidden_size;
      layers_.push_back(layer);
    }
    dense_kernel_offset_ = offset;
    dense_bias_offset_ = offset + hidden_size;
    total_ = offset + hidden_size + 1;
  }

  std::size_t hidden_size() const { return hidden_; }
  std::size_t num_layers() const { return layers_.size(); }
  const CanonicalLayer& layer(std::size_t l) const { return layers_.at(l); }
  std::size_t dense_kernel_offset() const { return dense_kernel_offset_; }
  std::size_t dense_bias_offset() const { return dense_bias_offset_; }
  // RETURNS: the number of floats in the flat canonical vector.
  std::size_t total() const { return total_; }

 private:
  std::size_t hidden_ = 0;
  std::vector<CanonicalLayer> layers_;
  std::size_t dense_kernel_offset_ = 0;
  std::size_t dense_bias_offset_ = 0;
  std::size_t total_ = 0;
};

}  // namespace lstmbench
