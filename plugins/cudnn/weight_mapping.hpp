// Where each Keras weight lives in cuDNN's weight space, and the mapping both ways.
//
// The fp32 master parameters are one flat vector: the cuDNN weight space's elements in cuDNN's
// own order (so Adam runs element-wise over it and, in fp32, cuDNN reads it directly), followed
// by the Dense(1) head: kernel [H], bias [1]. For layer l and gate g (i, f, g, o):
//   linLayerID g      matrix [H][I_l]  M[o][i] = kernel[i][g*H + o]       (a transposed slice)
//   linLayerID 4 + g  matrix [H][H]    M[o][j] = recurrent_kernel[j][g*H + o]
//   linLayerID g      bias   [H]       0 and never trained: Keras has no input bias
//   linLayerID 4 + g  bias   [H]       bias[g*H + o]
// This is Keras's own cuDNN path ([zeros, bias], keras/src/backend/tensorflow/rnn.py). In fp16
// layer 0's input is padded to 8 features; the padded columns are zero and never trained.
#pragma once

#include <cudnn.h>

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "rnn_descriptors.hpp"

namespace lstmbench::cudnn_backend {

// One cuDNN parameter tensor inside the weight space, in elements (not bytes).
struct ParamBlock {
  std::size_t offset = 0;
  int rows = 0;  // H
  int cols = 0;  // the layer's input width (matrices) or 1 (biases)
  std::size_t row_stride = 0;
  std::size_t col_stride = 0;
  std::size_t at(int row, int col) const { return offset + row * row_stride + col * col_stride; }
};

struct LayerBlocks {
  int input_width = 0;   // the canonical (Keras) width
  int padded_width = 0;  // what cuDNN holds (>= input_width)
  std::array<ParamBlock, 4> input;
  std::array<ParamBlock, 4> recurrent;
  std::array<ParamBlock, 4> input_bias;
  std::array<ParamBlock, 4> recurrent_bias;
};

// A contiguous run of master parameters the optimizer updates in one launch (eager mode).
struct ParamRegion {
  std::size_t begin = 0;
  std::size_t count = 0;
};

class WeightMap {
 public:
  // Asks cudnnGetRNNWeightParams (host-only) where every matrix and bias is; weight_space is
  // only used as the base address. input_size is the canonical (unpadded) feature count.
  WeightMap(cudnnHandle_t handle, const RnnDescriptors& rnn, const void* weight_space,
            int input_size);

  std::size_t weight_space_count() const { return weight_space_count_; }
  std::size_t dense_offset() const { return weight_space_count_; }
  std::size_t total_count() const { return weight_space_count_ + hidden_ + 1; }
  std::size_t canonical_count() const { return canonical_count_; }
  const LayerBlocks& layer(std::size_t l) const { return layers_.at(l); }

  // RETURNS: the master vector (total_count()) for canonical weights; untrained slots are 0.
  std::vector<float> to_master(std::span<const float> canonical) const;
  // REQUIRES: canonical.size() == canonical_count(). Writes every canonical weight.
  void to_canonical(std::span<const float> master, std::span<float> canonical) const;
  // RETURNS: 1 for each master element the optimizer updates, 0 for the input-bias slots,
  // padded input columns and any gap cuDNN leaves in its weight space.
  std::vector<unsigned char> trainable_mask() const;
  // RETURNS: the trained tensors, adjacent ones merged (about one launch per Keras variable).
  std::vector<ParamRegion> trainable_regions() const;

 private:
  // Calls visit(master_index, canonical_index) for every trainable parameter: the one loop
  // behind to_master, to_canonical and trainable_mask, so the three cannot disagree.
  template <class Visit>
  void for_each_trainable(Visit visit) const;

  int hidden_ = 0;
  std::size_t weight_space_count_ = 0;
  std::size_t canonical_count_ = 0;
  std::vector<LayerBlocks> layers_;
};

}  // namespace lstmbench::cudnn_backend
