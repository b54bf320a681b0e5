// One LSTM layer's forward_inference primitive, for evaluation on the validation windows.
//
// It reads the training layer's weight memory directly: the inference primitive is created with
// the training weights' layout (rather than `any`, which may pick a packed-GEMM format), so
// evaluation never reorders or copies weights.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>

#include "bound_primitive.hpp"
#include "lstm_layer.hpp"

namespace lstmbench::onednn {

class LstmInference {
 public:
  // REQUIRES: src is f32 tnc [T][batch][I] and dst f32 tnc [T][batch][H]; trained outlives this.
  LstmInference(const dnnl::engine& engine, const LstmLayer& trained, int batch);

  std::size_t scratchpad_bytes() const { return pd_.scratchpad_desc().get_size(); }
  void bind(const dnnl::memory& src, const dnnl::memory& dst, const dnnl::memory& scratchpad);
  void forward(const dnnl::stream& stream) const { primitive_.run(stream); }

 private:
  const LstmLayer& trained_;
  dnnl::lstm_forward::primitive_desc pd_;
  BoundPrimitive primitive_;
};

}  // namespace lstmbench::onednn
