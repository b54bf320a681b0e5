#include "weight_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <lstmbench/canonical_weights.hpp>
#include <stdexcept>

#include "cuda_check.hpp"

namespace lstmbench::cudnn_backend {
namespace {

constexpr int kGates = 4;

// RAII for the two tensor descriptors cudnnGetRNNWeightParams fills in.
struct TensorDesc {
  cudnnTensorDescriptor_t desc = nullptr;
  TensorDesc() { check_cudnn(cudnnCreateTensorDescriptor(&desc), "cudnnCreateTensorDescriptor"); }
  ~TensorDesc() { cudnnDestroyTensorDescriptor(desc); }
  TensorDesc(const TensorDesc&) = delete;
  TensorDesc& operator=(const TensorDesc&) = delete;
};

// Reads a matrix ([.., rows, cols]) or bias descriptor into a block at the given address.
ParamBlock read_block(cudnnTensorDescriptor_t desc, const void* address, const void* base,
                      std::size_t element_bytes, int rows, int cols, const char* what) {
  if (!address)
    throw std::runtime_error(fmt::format("cuDNN reports no {} in its weight space", what));
  cudnnDataType_t type;
  int nb_dims = 0;
  int dims[8] = {};
  int strides[8] = {};
  check_cudnn(cudnnGetTensorNdDescriptor(desc, 8, &type, &nb_dims, dims, strides),
              "cudnnGetTensorNdDescriptor");
  ParamBlock block;
  block.offset =
      static_cast<std::size_t>(static_cast<const char*>(address) - static_cast<const char*>(base)) /
      element_bytes;
  block.rows = rows;
  block.cols = cols;
  long long count = 1;
  for (int d = 0; d < nb_dims; ++d) count *= dims[d];
  if (count != static_cast<long long>(rows) * cols)
    throw std::runtime_error(
        fmt::format("cuDNN's {} has {} elements, expected {}x{}", what, count, rows, cols));
  if (cols == 1) {
    // A bias: the stride of its one non-trivial dimension (any stride works when H == 1).
    block.row_stride = 1;
    for (int d = 0; d < nb_dims; ++d)
      if (dims[d] == rows && rows > 1) block.row_stride = static_cast<std::size_t>(strides[d]);
    block.col_stride = 1;
  } else {
    // A matrix: its last two dimensions are [rows = H][cols = input width].
    if (nb_dims < 2 || dims[nb_dims - 2] != rows || dims[nb_dims - 1] != cols)
      throw std::runtime_error(
          fmt::format("cuDNN's {} is not a [{}][{}] matrix", what, rows, cols));
    block.row_stride = static_cast<std::size_t>(strides[nb_dims - 2]);
    block.col_stride = static_cast<std::size_t>(strides[nb_dims - 1]);
  }
  return block;
}

}  // namespace

WeightMap::WeightMap(cudnnHandle_t handle, const RnnDescriptors& rnn, const void* weight_space,
                     int input_size)
    : hidden_(rnn.shape().hidden_size) {
  const RnnShape& shape = rnn.shape();
  weight_space_count_ = rnn.weight_space_bytes() / rnn.element_bytes();
  canonical_count_ = CanonicalLayout(input_size, shape.hidden_size, shape.num_layers).total();
  TensorDesc matrix;
  TensorDesc bias;
  for (int l = 0; l < shape.num_layers; ++l) {
    LayerBlocks blocks;
    blocks.input_width = l == 0 ? input_size : shape.hidden_size;
    blocks.padded_width = l == 0 ? shape.input_size : shape.hidden_size;
    for (int id = 0; id < 2 * kGates; ++id) {
      void* m_addr = nullptr;
      void* b_addr = nullptr;
      check_cudnn(
          cudnnGetRNNWeightParams(handle, rnn.rnn(), l, rnn.weight_space_bytes(), weight_space, id,
                                  matrix.desc, &m_addr, bias.desc, &b_addr),
          "cudnnGetRNNWeightParams");
      bool recurrent = id >= kGates;
      int gate = id % kGates;
      int cols = recurrent ? shape.hidden_size : blocks.padded_width;
      ParamBlock m = read_block(matrix.desc, m_addr, weight_space, rnn.element_bytes(),
                                shape.hidden_size, cols, "LSTM weight matrix");
      ParamBlock b = read_block(bias.desc, b_addr, weight_space, rnn.element_bytes(),
                                shape.hidden_size, 1, "LSTM bias");
      (recurrent ? blocks.recurrent : blocks.input)[gate] = m;
      (recurrent ? blocks.recurrent_bias : blocks.input_bias)[gate] = b;
    }
    layers_.push_back(blocks);
  }
}

template <class Visit>
void WeightMap::for_each_trainable(Visit visit) const {
  CanonicalLayout layout(layers_.front().input_width, hidden_, layers_.size());
  std::size_t gates_h = 4 * static_cast<std::size_t>(hidden_);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const LayerBlocks& blocks = layers_[l];
    const CanonicalLayer& c = layout.layer(l);
    for (int g = 0; g < kGates; ++g) {
      for (int o = 0; o < hidden_; ++o) {
        // cuDNN holds gate g as [H][in] row-major: canonical column g*H+o is its row o.
        std::size_t column = g * static_cast<std::size_t>(hidden_) + o;
        for (int i = 0; i < blocks.input_width; ++i)
          visit(blocks.input[g].at(o, i), c.kernel_offset + i * gates_h + column);
        for (int j = 0; j < hidden_; ++j)
          visit(blocks.recurrent[g].at(o, j), c.recurrent_offset + j * gates_h + column);
        // Keras's one bias is cuDNN's recurrent bias; the input-bias slot is not trainable.
        visit(blocks.recurrent_bias[g].at(o, 0), c.bias_offset + column);
      }
    }
  }
  // Dense kernel [H] and bias [1] are adjacent in both layouts.
  for (int j = 0; j <= hidden_; ++j) visit(dense_offset() + j, layout.dense_kernel_offset() + j);
}

std::vector<float> WeightMap::to_master(std::span<const float> canonical) const {
  if (canonical.size() != canonical_count_)
    throw std::invalid_argument(
        fmt::format("expected {} canonical weights, got {}", canonical_count_, canonical.size()));
  std::vector<float> master(total_count(), 0.0f);  // input-bias slots stay 0
  for_each_trainable([&](std::size_t m, std::size_t c) { master[m] = canonical[c]; });
  return master;
}

void WeightMap::to_canonical(std::span<const float> master, std::span<float> canonical) const {
  if (canonical.size() != canonical_count_)
    throw std::invalid_argument(fmt::format("expected room for {} canonical weights, got {}",
                                            canonical_count_, canonical.size()));
  for_each_trainable([&](std::size_t m, std::size_t c) { canonical[c] = master[m]; });
}

std::vector<unsigned char> WeightMap::trainable_mask() const {
  std::vector<unsigned char> mask(total_count(), 0);
  for_each_trainable([&](std::size_t m, std::size_t) { mask[m] = 1; });
  return mask;
}

std::vector<ParamRegion> WeightMap::trainable_regions() const {
  std::vector<ParamRegion> regions;
  auto extent = [](const ParamBlock& b) {
    return ParamRegion{b.offset, (b.rows - 1) * b.row_stride + (b.cols - 1) * b.col_stride + 1};
  };
  for (const LayerBlocks& blocks : layers_) {
    for (int g = 0; g < kGates; ++g) {
      regions.push_back(extent(blocks.input[g]));
      regions.push_back(extent(blocks.recurrent[g]));
      regions.push_back(extent(blocks.recurrent_bias[g]));
    }
  }
  regions.push_back({dense_offset(), static_cast<std::size_t>(hidden_)});
  regions.push_back({dense_offset() + hidden_, 1});
  std::sort(regions.begin(), regions.end(),
            [](const ParamRegion& a, const ParamRegion& b) { return a.begin < b.begin; });
  std::vector<ParamRegion> merged;
  for (const ParamRegion& r : regions) {
    if (!merged.empty() && merged.back().begin + merged.back().count == r.begin) {
      merged.back().count += r.count;
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

}  // namespace lstmbench::cudnn_backend
