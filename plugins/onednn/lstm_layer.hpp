// One LSTM layer trained with oneDNN's lstm_forward (forward_training) and lstm_backward.
//
// Weight layouts (docs/onednn-backend.md): the forward primitive gets format_tag::any and picks
// ldigo with a padded leading dimension; backward wants ldgoi. The f32 master weights live for the
// whole run in the diff weights' layout (we pass it explicitly), so the optimizer updates them in
// place element-wise. fp32: that is the forward layout, and after each update one reorder per
// matrix refreshes the backward copy. bf16: the master is f32 ldigo, and each update is followed
// by two reorders per matrix, into the bf16 forward and backward copies. Nothing else is
// reordered during training.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <vector>

#include "bound_primitive.hpp"
#include "optimizer.hpp"
#include "precision.hpp"

namespace lstmbench::onednn {

struct LayerShape {
  int seq_len = 0;
  int batch = 0;
  int input = 0;  // this layer's input width: input_size for layer 0, hidden_size above
  int hidden = 0;
};

// Activation buffers a layer reads and writes, owned by the session (they chain layers).
// All are tnc: src [T][N][I] and dst [T][N][H] in compute_type(precision), diff_src [T][N][I] and
// diff_dst [T][N][H] in f32.
struct LayerBuffers {
  dnnl::memory src, dst, diff_dst, diff_src;
};

class LstmLayer {
 public:
  // Creates the primitive descriptors and the weights, loaded from canonical (Keras) tensors:
  // kernel [I][4H], recurrent [H][4H], bias [4H], which are ldigo / ldgo verbatim.
  LstmLayer(const dnnl::engine& engine, const dnnl::stream& stream, const LayerShape& shape,
            Precision precision, const float* kernel, const float* recurrent, const float* bias);

  // RETURNS: the scratchpad bytes this layer's primitives need (the session shares one buffer).
  std::size_t scratchpad_bytes() const;

  // Creates the primitives with their arguments bound. REQUIRES: scratchpad_bytes() fit.
  void bind(const LayerBuffers& buffers, const dnnl::memory& scratchpad);

  void forward(const dnnl::stream& stream) const { forward_.run(stream); }
  void backward(const dnnl::stream& stream) const { backward_.run(stream); }
  // Copies the updated master weights into the copies the primitives read: the backward layout
  // (ldgoi) and, in bf16, the bf16 forward layout.
  void refresh_copies(const dnnl::stream& stream) const;

  // RETURNS: the f32 master weight/gradient pairs for the optimizer (padding included).
  std::vector<ParamBlock> params();

  // Writes the current weights in canonical layout.
  void read_weights(const dnnl::stream& stream, float* kernel, float* recurrent, float* bias) const;

  // The f32 master weights (evaluation's forward_inference reads them in place).
  const dnnl::memory& weights_layer() const { return weights_layer_; }
  const dnnl::memory& weights_iter() const { return weights_iter_; }
  const dnnl::memory& bias() const { return bias_; }
  const LayerShape& shape() const { return shape_; }
  // RETURNS: oneDNN's implementation name for the forward primitive ("ref" on AVX2 for f32,
  // "brgemm" for bf16).
  std::string impl_name() const { return forward_pd_.impl_info_str(); }

  // RETURNS: bytes of weights, gradients, backward copies and workspace this layer holds.
  std::size_t bytes() const;

 private:
  LayerShape shape_;
  Precision precision_;
  dnnl::engine engine_;
  dnnl::lstm_forward::primitive_desc forward_pd_;
  dnnl::lstm_backward::primitive_desc backward_pd_;
  dnnl::memory weights_layer_, weights_iter_, bias_;   // f32 master copy, diff weights' layout
  dnnl::memory fwd_weights_layer_, fwd_weights_iter_;  // fp32: the master itself; bf16: a copy
  dnnl::memory bwd_weights_layer_, bwd_weights_iter_;  // backward layout (ldgoi)
  dnnl::memory diff_weights_layer_, diff_weights_iter_, diff_bias_;
  dnnl::memory workspace_;
  dnnl::memory zero_h_, zero_c_, diff_h0_, diff_c0_;  // [1][1][N][H] zero initial state; diffs
  BoundPrimitive forward_, backward_;
  std::vector<BoundPrimitive> refresh_;  // master -> copies, run after every update
};

}  // namespace lstmbench::onednn
