// The onednn backend's two precisions and the oneDNN data types each gives a layer's tensors.
//
// bf16 follows oneDNN 2.6.3's bf16 RNN training configuration (doc/primitives/rnn.md, checked by
// creating the primitive descriptors): src/dst layer, src_iter and weights bf16; the LSTM cell
// state (src_iter_c), the bias and every diff_* tensor f32. So gradients come out in f32 and the
// master weights, Adam's moments and the update stay f32 in both precisions.
#pragma once

#include <oneapi/dnnl/dnnl.hpp>
#include <string>

namespace lstmbench::onednn {

enum class Precision { kFp32, kBf16 };

// REQUIRES: name is "fp32" or "bf16" (case_check refuses the rest first).
inline Precision parse_precision(const std::string& name) {
  return name == "bf16" ? Precision::kBf16 : Precision::kFp32;
}

// RETURNS: the type of what the forward reads and writes (src/dst layer, src_iter, weights).
inline dnnl::memory::data_type compute_type(Precision precision) {
  return precision == Precision::kBf16 ? dnnl::memory::data_type::bf16
                                       : dnnl::memory::data_type::f32;
}

}  // namespace lstmbench::onednn
