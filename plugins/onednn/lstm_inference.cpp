#include "lstm_inference.hpp"

namespace lstmbench::onednn {

LstmInference::LstmInference(const dnnl::engine& engine, const LstmLayer& trained, int batch)
    : trained_(trained) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const LayerShape& s = trained.shape();
  const long T = s.seq_len, N = batch, I = s.input, H = s.hidden;
  dnnl::memory::desc none;
  dnnl::lstm_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::rnn_direction::unidirectional_left2right,
      dnnl::memory::desc({T, N, I}, dt::f32, tag::tnc), none, none,
      trained.weights_layer().get_desc(), trained.weights_iter().get_desc(),
      trained.bias().get_desc(), dnnl::memory::desc({T, N, H}, dt::f32, tag::tnc), none, none);
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  pd_ = dnnl::lstm_forward::primitive_desc(desc, attr, engine);
}

void LstmInference::bind(const dnnl::memory& src, const dnnl::memory& dst,
                         const dnnl::memory& scratchpad) {
  primitive_ =
      BoundPrimitive(dnnl::lstm_forward(pd_), {{DNNL_ARG_SRC_LAYER, src},
                                               {DNNL_ARG_WEIGHTS_LAYER, trained_.weights_layer()},
                                               {DNNL_ARG_WEIGHTS_ITER, trained_.weights_iter()},
                                               {DNNL_ARG_BIAS, trained_.bias()},
                                               {DNNL_ARG_DST_LAYER, dst},
                                               {DNNL_ARG_SCRATCHPAD, scratchpad}});
}

}  // namespace lstmbench::onednn
