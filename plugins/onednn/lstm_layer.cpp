#include "lstm_layer.hpp"

#include <cstring>

namespace lstmbench::onednn {

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;
using dims = dnnl::memory::dims;

// Zeroed at allocation: padding in oneDNN's layouts is never written by the primitives, and a
// zero there keeps the optimizer's pass over the whole buffer (padding included) harmless.
dnnl::memory zeroed(const dnnl::memory::desc& desc, const dnnl::engine& engine) {
  dnnl::memory mem(desc, engine);
  std::memset(mem.get_data_handle(), 0, desc.get_size());
  return mem;
}

dnnl::primitive_attr user_scratchpad() {
  // User scratchpad: the session preallocates it, and the primitives may then run on a thread
  // other than the one that created them (the Debian build lacks DNNL_ENABLE_CONCURRENT_EXEC).
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  return attr;
}

// A one-off reorder, for loading and reading weights (never inside a training step).
void copy(dnnl::stream stream, dnnl::memory from, dnnl::memory to) {
  dnnl::reorder(from, to).execute(stream, from, to);
  stream.wait();
}

}  // namespace

LstmLayer::LstmLayer(const dnnl::engine& engine, const dnnl::stream& stream,
                     const LayerShape& shape, Precision precision, const float* kernel,
                     const float* recurrent, const float* bias)
    : shape_(shape), precision_(precision), engine_(engine) {
  const long T = shape.seq_len, N = shape.batch, I = shape.input, H = shape.hidden;
  const dt compute = compute_type(precision);
  dnnl::memory::desc src_md({T, N, I}, compute, tag::tnc);
  dnnl::memory::desc dst_md({T, N, H}, compute, tag::tnc);
  dnnl::memory::desc wl_any({1, 1, I, 4, H}, compute, tag::any);
  dnnl::memory::desc wi_any({1, 1, H, 4, H}, compute, tag::any);
  // Bias stays f32 in bf16 too: oneDNN's bf16 RNN configuration wants an f32 bias.
  dnnl::memory::desc bias_any({1, 1, 4, H}, dt::f32, tag::any);
  // The initial state is passed explicitly as zeros. Leaving src_iter out (a zero md, documented
  // as "zero initial state") gives a correct forward but a wrong diff_weights_iter in oneDNN
  // 2.6.3's backward: it multiplies dG_0 by a non-zero h_{-1} (seen with T=1, where dR must be
  // 0). The zero tensors cost N*H floats each and no time. The cell state c is f32 in both
  // precisions, and so are all diff_* tensors.
  dnnl::memory::desc iter_md({1, 1, N, H}, compute, tag::ldnc);
  dnnl::memory::desc iter_c_md({1, 1, N, H}, dt::f32, tag::ldnc);
  dnnl::memory::desc diff_src_md({T, N, I}, dt::f32, tag::tnc);
  dnnl::memory::desc diff_dst_md({T, N, H}, dt::f32, tag::tnc);
  dnnl::memory::desc none;  // final state not produced: the loss reads h_T from dst_layer
  const auto direction = dnnl::rnn_direction::unidirectional_left2right;
  dnnl::primitive_attr attr = user_scratchpad();

  dnnl::lstm_forward::desc fwd(dnnl::prop_kind::forward_training, direction, src_md, iter_md,
                               iter_c_md, wl_any, wi_any, bias_any, dst_md, none, none);
  forward_pd_ = dnnl::lstm_forward::primitive_desc(fwd, attr, engine);

  // The master weights live in the diff weights' layout so the optimizer pairs each weight with
  // its gradient element by element. fp32: the forward weights' layout (what `any` picks for the
  // diff weights too, measured), so the forward primitive reads the master copy itself. bf16:
  // the gradients are f32 while the forward reads bf16, so the master copy is f32 plain ldigo
  // (what `any` picks for f32 diff weights there, measured) and a bf16 copy feeds the forward.
  dnnl::memory::desc master_wl = forward_pd_.weights_layer_desc();
  dnnl::memory::desc master_wi = forward_pd_.weights_iter_desc();
  if (precision == Precision::kBf16) {
    master_wl = dnnl::memory::desc({1, 1, I, 4, H}, dt::f32, tag::ldigo);
    master_wi = dnnl::memory::desc({1, 1, H, 4, H}, dt::f32, tag::ldigo);
  }
  dnnl::lstm_backward::desc bwd(dnnl::prop_kind::backward, direction, src_md, iter_md, iter_c_md,
                                wl_any, wi_any, bias_any, dst_md, none, none, diff_src_md,
                                iter_c_md, iter_c_md, master_wl, master_wi, forward_pd_.bias_desc(),
                                diff_dst_md, none, none);
  backward_pd_ = dnnl::lstm_backward::primitive_desc(bwd, attr, engine, forward_pd_);

  weights_layer_ = zeroed(master_wl, engine);
  weights_iter_ = zeroed(master_wi, engine);
  bias_ = zeroed(forward_pd_.bias_desc(), engine);
  fwd_weights_layer_ = weights_layer_;
  fwd_weights_iter_ = weights_iter_;
  if (precision == Precision::kBf16) {
    fwd_weights_layer_ = zeroed(forward_pd_.weights_layer_desc(), engine);
    fwd_weights_iter_ = zeroed(forward_pd_.weights_iter_desc(), engine);
  }
  bwd_weights_layer_ = zeroed(backward_pd_.weights_layer_desc(), engine);
  bwd_weights_iter_ = zeroed(backward_pd_.weights_iter_desc(), engine);
  diff_weights_layer_ = zeroed(backward_pd_.diff_weights_layer_desc(), engine);
  diff_weights_iter_ = zeroed(backward_pd_.diff_weights_iter_desc(), engine);
  diff_bias_ = zeroed(backward_pd_.diff_bias_desc(), engine);
  workspace_ = dnnl::memory(forward_pd_.workspace_desc(), engine);
  // Four distinct buffers: oneDNN refuses to execute with one memory bound to two arguments.
  zero_h_ = zeroed(iter_md, engine);
  zero_c_ = zeroed(iter_c_md, engine);
  diff_h0_ = zeroed(iter_c_md, engine);  // diff_src_iter and _c: written by backward, unused
  diff_c0_ = zeroed(iter_c_md, engine);

  // Canonical Keras tensors are ldigo/ldgo verbatim: wrap them and reorder into place once.
  dnnl::memory::desc wl_user({1, 1, I, 4, H}, dt::f32, tag::ldigo);
  dnnl::memory::desc wi_user({1, 1, H, 4, H}, dt::f32, tag::ldigo);
  dnnl::memory::desc bias_user({1, 1, 4, H}, dt::f32, tag::ldgo);
  copy(stream, dnnl::memory(wl_user, engine, const_cast<float*>(kernel)), weights_layer_);
  copy(stream, dnnl::memory(wi_user, engine, const_cast<float*>(recurrent)), weights_iter_);
  copy(stream, dnnl::memory(bias_user, engine, const_cast<float*>(bias)), bias_);
}

std::size_t LstmLayer::scratchpad_bytes() const {
  return std::max(forward_pd_.scratchpad_desc().get_size(),
                  backward_pd_.scratchpad_desc().get_size());
}

void LstmLayer::bind(const LayerBuffers& b, const dnnl::memory& scratchpad) {
  forward_ =
      BoundPrimitive(dnnl::lstm_forward(forward_pd_), {{DNNL_ARG_SRC_LAYER, b.src},
                                                       {DNNL_ARG_WEIGHTS_LAYER, fwd_weights_layer_},
                                                       {DNNL_ARG_WEIGHTS_ITER, fwd_weights_iter_},
                                                       {DNNL_ARG_BIAS, bias_},
                                                       {DNNL_ARG_DST_LAYER, b.dst},
                                                       {DNNL_ARG_SRC_ITER, zero_h_},
                                                       {DNNL_ARG_SRC_ITER_C, zero_c_},
                                                       {DNNL_ARG_WORKSPACE, workspace_},
                                                       {DNNL_ARG_SCRATCHPAD, scratchpad}});
  backward_ = BoundPrimitive(dnnl::lstm_backward(backward_pd_),
                             {{DNNL_ARG_SRC_LAYER, b.src},
                              {DNNL_ARG_WEIGHTS_LAYER, bwd_weights_layer_},
                              {DNNL_ARG_WEIGHTS_ITER, bwd_weights_iter_},
                              {DNNL_ARG_BIAS, bias_},
                              {DNNL_ARG_DST_LAYER, b.dst},
                              {DNNL_ARG_SRC_ITER, zero_h_},
                              {DNNL_ARG_SRC_ITER_C, zero_c_},
                              {DNNL_ARG_WORKSPACE, workspace_},
                              {DNNL_ARG_DIFF_DST_LAYER, b.diff_dst},
                              {DNNL_ARG_DIFF_SRC_ITER, diff_h0_},
                              {DNNL_ARG_DIFF_SRC_ITER_C, diff_c0_},
                              {DNNL_ARG_DIFF_SRC_LAYER, b.diff_src},
                              {DNNL_ARG_DIFF_WEIGHTS_LAYER, diff_weights_layer_},
                              {DNNL_ARG_DIFF_WEIGHTS_ITER, diff_weights_iter_},
                              {DNNL_ARG_DIFF_BIAS, diff_bias_},
                              {DNNL_ARG_SCRATCHPAD, scratchpad}});
  // One reorder per (master, copy) pair: fp32 refreshes the backward copies; bf16 also
  // converts into the forward copies, and these f32 -> bf16 conversions are the price of mixed
  // precision with f32 master weights.
  refresh_.clear();
  auto refresh = [this](const dnnl::memory& from, const dnnl::memory& to) {
    refresh_.emplace_back(dnnl::reorder(from, to), std::vector<std::pair<int, dnnl::memory>>{
                                                       {DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}});
  };
  if (precision_ == Precision::kBf16) {
    refresh(weights_layer_, fwd_weights_layer_);
    refresh(weights_iter_, fwd_weights_iter_);
  }
  refresh(weights_layer_, bwd_weights_layer_);
  refresh(weights_iter_, bwd_weights_iter_);
}

void LstmLayer::refresh_copies(const dnnl::stream& stream) const {
  for (const BoundPrimitive& reorder : refresh_) reorder.run(stream);
}

std::vector<ParamBlock> LstmLayer::params() {
  auto block = [](dnnl::memory& w, dnnl::memory& g) {
    return ParamBlock{static_cast<float*>(w.get_data_handle()),
                      static_cast<float*>(g.get_data_handle()),
                      w.get_desc().get_size() / sizeof(float)};
  };
  return {block(weights_layer_, diff_weights_layer_), block(weights_iter_, diff_weights_iter_),
          block(bias_, diff_bias_)};
}

void LstmLayer::read_weights(const dnnl::stream& stream, float* kernel, float* recurrent,
                             float* bias) const {
  const long I = shape_.input, H = shape_.hidden;
  copy(stream, weights_layer_,
       dnnl::memory({{1, 1, I, 4, H}, dt::f32, tag::ldigo}, engine_, kernel));
  copy(stream, weights_iter_,
       dnnl::memory({{1, 1, H, 4, H}, dt::f32, tag::ldigo}, engine_, recurrent));
  copy(stream, bias_, dnnl::memory({{1, 1, 4, H}, dt::f32, tag::ldgo}, engine_, bias));
}

std::size_t LstmLayer::bytes() const {
  std::size_t total = 0;
  for (const dnnl::memory* m :
       {&weights_layer_, &weights_iter_, &bias_, &bwd_weights_layer_, &bwd_weights_iter_,
        &diff_weights_layer_, &diff_weights_iter_, &diff_bias_, &workspace_})
    total += m->get_desc().get_size();
  if (precision_ == Precision::kBf16)  // in fp32 these are the master weights, counted above
    total += fwd_weights_layer_.get_desc().get_size() + fwd_weights_iter_.get_desc().get_size();
  return total;
}

}  // namespace lstmbench::onednn
