#include "bf16_support.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#include "environment.hpp"

namespace lstmbench::onednn {

namespace {

std::string probe() {
  if (!isa_has_bf16_training())
    return "bf16 LSTM training needs AVX-512 (avx512_core); this CPU's best ISA is " +
           effective_isa_name();
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  // The smallest shape with every tensor of the real configuration (precision.hpp).
  const long T = 2, N = 2, I = 1, H = 4;
  try {
    dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    const auto dir = dnnl::rnn_direction::unidirectional_left2right;
    dnnl::memory::desc src({T, N, I}, dt::bf16, tag::tnc), dst({T, N, H}, dt::bf16, tag::tnc);
    dnnl::memory::desc h0({1, 1, N, H}, dt::bf16, tag::ldnc), c0({1, 1, N, H}, dt::f32, tag::ldnc);
    dnnl::memory::desc wl({1, 1, I, 4, H}, dt::bf16, tag::any);
    dnnl::memory::desc wi({1, 1, H, 4, H}, dt::bf16, tag::any);
    dnnl::memory::desc bias({1, 1, 4, H}, dt::f32, tag::ldgo);
    dnnl::memory::desc d_src({T, N, I}, dt::f32, tag::tnc), d_dst({T, N, H}, dt::f32, tag::tnc);
    dnnl::memory::desc d_h0({1, 1, N, H}, dt::f32, tag::ldnc);
    dnnl::memory::desc d_wl({1, 1, I, 4, H}, dt::f32, tag::ldigo);
    dnnl::memory::desc d_wi({1, 1, H, 4, H}, dt::f32, tag::ldigo);
    dnnl::memory::desc none;
    dnnl::lstm_forward::primitive_desc fwd(
        {dnnl::prop_kind::forward_training, dir, src, h0, c0, wl, wi, bias, dst, none, none},
        engine);
    dnnl::lstm_backward::primitive_desc bwd({dnnl::prop_kind::backward,
                                             dir,
                                             src,
                                             h0,
                                             c0,
                                             wl,
                                             wi,
                                             bias,
                                             dst,
                                             none,
                                             none,
                                             d_src,
                                             d_h0,
                                             d_h0,
                                             d_wl,
                                             d_wi,
                                             bias,
                                             d_dst,
                                             none,
                                             none},
                                            engine, fwd);
  } catch (const dnnl::error& e) {
    return onednn_version() + " cannot create bf16 LSTM training primitives on this CPU (ISA " +
           effective_isa_name() + "): " + e.what();
  }
  return {};
}

}  // namespace

const std::string& bf16_training_refusal() {
  static const std::string reason = probe();  // thread-safe, once per process
  return reason;
}

}  // namespace lstmbench::onednn
