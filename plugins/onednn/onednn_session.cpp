#include "onednn_session.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <lstmbench/canonical_weights.hpp>
#include <string>

#include "case_check.hpp"
#include "environment.hpp"

namespace lstmbench::onednn {

namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

// Validation runs in chunks of at least this many windows: one inference GEMM per time step
// over 256 rows keeps the cores busy without a large buffer (T*256*H floats).
constexpr int kMinEvalChunk = 256;

dnnl::memory tnc(int T, int N, int C, const dnnl::engine& engine, dt type = dt::f32) {
  dnnl::memory::desc md({T, N, C}, type, tag::tnc);
  dnnl::memory mem(md, engine);
  std::memset(mem.get_data_handle(), 0, md.get_size());
  return mem;
}

float* data(const dnnl::memory& mem) { return static_cast<float*>(mem.get_data_handle()); }

// Copies windows rows[0..n) of x ([num][T][I]) into a tnc buffer [T][n][I].
// REQUIRES: every row is a window of x (the SDK checks training orders).
void gather(const float* x, const std::int32_t* rows, int n, int T, int I, float* out) {
  for (int b = 0; b < n; ++b) {
    const float* window = x + static_cast<std::size_t>(rows[b]) * T * I;
    for (int t = 0; t < T; ++t)
      std::memcpy(out + (static_cast<std::size_t>(t) * n + b) * I, window + t * I,
                  sizeof(float) * I);
  }
}

}  // namespace

OnednnSession::OnednnSession(const sdk::CaseConfig& config, const sdk::Dataset& data_in,
                             std::span<const float> weights)
    : config_(config),
      seq_len_(config.seq_len),
      input_(config.input_size),
      hidden_(config.hidden_size),
      layers_count_(config.num_layers),
      batch_(config.batch_size),
      precision_(parse_precision(config.precision)),
      threads_(requested_threads(config)),
      train_x_(data_in.train_x.begin(), data_in.train_x.end()),
      train_y_(data_in.train_y.begin(), data_in.train_y.end()),
      val_x_(data_in.val_x.begin(), data_in.val_x.end()),
      val_y_(data_in.val_y.begin(), data_in.val_y.end()),
      num_val_(data_in.num_val),
      engine_(dnnl::engine::kind::cpu, 0),
      stream_(engine_) {
  CanonicalLayout layout(input_, hidden_, layers_count_);  // weights.size() checked by the SDK
  // oneDNN sizes its OpenMP work to the caller's thread count when it runs, so set it first.
  omp_set_num_threads(threads_);

  const int T = seq_len_, B = batch_, H = hidden_;
  for (int l = 0; l < layers_count_; ++l) {
    const CanonicalLayer& c = layout.layer(l);
    LayerShape shape{T, B, static_cast<int>(c.input_width), H};
    layers_.push_back(std::make_unique<LstmLayer>(
        engine_, stream_, shape, precision_, weights.data() + c.kernel_offset,
        weights.data() + c.recurrent_offset, weights.data() + c.bias_offset));
  }
  const dt compute = compute_type(precision_);
  x_ = tnc(T, B, input_, engine_, compute);
  dx_ = tnc(T, B, input_, engine_);
  for (int l = 0; l < layers_count_; ++l) {
    h_.push_back(tnc(T, B, H, engine_, compute));
    dh_.push_back(tnc(T, B, H, engine_));
  }
  // The batch is gathered in f32 and the head reads h_T in f32. fp32: straight from x_ and h_.
  // bf16: through f32 buffers, converted by one reorder each per step.
  x_f32_ = x_;
  if (precision_ == Precision::kBf16) {
    x_f32_ = tnc(T, B, input_, engine_);
    to_compute_ =
        BoundPrimitive(dnnl::reorder(x_f32_, x_), {{DNNL_ARG_FROM, x_f32_}, {DNNL_ARG_TO, x_}});
    dnnl::memory top_last(h_.back().get_desc().submemory_desc({1, B, H}, {T - 1, 0, 0}), engine_,
                          h_.back().get_data_handle());
    h_last_ = tnc(1, B, H, engine_);
    head_input_ = BoundPrimitive(dnnl::reorder(top_last, h_last_),
                                 {{DNNL_ARG_FROM, top_last}, {DNNL_ARG_TO, h_last_}});
  }

  if (num_val_ > 0) {
    int chunk = static_cast<int>(std::min<std::size_t>(num_val_, std::max(B, kMinEvalChunk)));
    eval_passes_.push_back(make_eval_pass(chunk));
    if (int rest = static_cast<int>(num_val_ % chunk); rest != 0)
      eval_passes_.push_back(make_eval_pass(rest));
  }

  std::size_t scratch = 0;
  for (const auto& layer : layers_) scratch = std::max(scratch, layer->scratchpad_bytes());
  for (const EvalPass& pass : eval_passes_)
    for (const auto& layer : pass.layers) scratch = std::max(scratch, layer->scratchpad_bytes());
  scratchpad_ = dnnl::memory(
      {{static_cast<long>(std::max<std::size_t>(scratch, 1))}, dt::u8, tag::x}, engine_);

  for (int l = 0; l < layers_count_; ++l) {
    LayerBuffers buffers{l == 0 ? x_ : h_[l - 1], h_[l], dh_[l], l == 0 ? dx_ : dh_[l - 1]};
    layers_[l]->bind(buffers, scratchpad_);
  }
  for (EvalPass& pass : eval_passes_) bind_eval_pass(pass);

  dense_w_.assign(weights.begin() + layout.dense_kernel_offset(),
                  weights.begin() + layout.dense_kernel_offset() + H);
  dense_gw_.assign(H, 0.0f);
  dense_b_ = weights[layout.dense_bias_offset()];

  std::vector<ParamBlock> blocks;
  for (auto& layer : layers_)
    for (const ParamBlock& b : layer->params()) blocks.push_back(b);
  blocks.push_back({dense_w_.data(), dense_gw_.data(), dense_w_.size()});
  blocks.push_back({&dense_b_, &dense_gb_, 1});
  optimizer_ = std::make_unique<Optimizer>(config, std::move(blocks));

  for (auto& layer : layers_) layer->refresh_copies(stream_);
  stream_.wait();
}

OnednnSession::EvalPass OnednnSession::make_eval_pass(int batch) {
  EvalPass pass;
  pass.batch = batch;
  pass.x = tnc(seq_len_, batch, input_, engine_);
  for (int l = 0; l < layers_count_; ++l) {
    pass.h.push_back(tnc(seq_len_, batch, hidden_, engine_));
    pass.layers.push_back(std::make_unique<LstmInference>(engine_, *layers_[l], batch));
  }
  return pass;
}

void OnednnSession::bind_eval_pass(EvalPass& pass) {
  for (int l = 0; l < layers_count_; ++l)
    pass.layers[l]->bind(l == 0 ? pass.x : pass.h[l - 1], pass.h[l], scratchpad_);
}

double OnednnSession::head_forward_backward(const std::int32_t* rows) {
  const int B = batch_, H = hidden_;
  const std::size_t last = static_cast<std::size_t>(seq_len_ - 1) * B * H;
  const float* h_last = head_input_ ? data(h_last_) : data(h_.back()) + last;
  float* dh_last = data(dh_.back()) + last;
  const float* w = dense_w_.data();
  float* gw = dense_gw_.data();
  double loss = 0.0;
  const float scale = 2.0f / static_cast<float>(B);  // d mean((p - y)^2) / dp
  for (int b = 0; b < B; ++b) {
    const float* h = h_last + static_cast<std::size_t>(b) * H;
    float p = dense_b_;
#pragma omp simd reduction(+ : p)
    for (int j = 0; j < H; ++j) p += h[j] * w[j];
    float err = p - train_y_[rows[b]];
    loss += static_cast<double>(err) * err;
    float dp = scale * err;
    dense_gb_ += dp;
    float* dh = dh_last + static_cast<std::size_t>(b) * H;
#pragma omp simd
    for (int j = 0; j < H; ++j) {
      gw[j] += dp * h[j];
      dh[j] = dp * w[j];
    }
  }
  return loss / B;
}

double OnednnSession::train_step(const std::int32_t* rows) {
  gather(train_x_.data(), rows, batch_, seq_len_, input_, data(x_f32_));
  if (to_compute_) to_compute_.run(stream_);
  for (const auto& layer : layers_) layer->forward(stream_);
  if (head_input_) head_input_.run(stream_);
  stream_.wait();
  double loss = head_forward_backward(rows);
  for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) (*it)->backward(stream_);
  stream_.wait();
  optimizer_->step();
  for (const auto& layer : layers_) layer->refresh_copies(stream_);
  stream_.wait();
  return loss;
}

sdk::EpochResult OnednnSession::train_epoch(std::span<const std::int32_t> order,
                                            std::span<double> step_losses) {
  omp_set_num_threads(threads_);  // the ICV is per thread: the runner may call from another one
  auto start = std::chrono::steady_clock::now();
  const std::size_t steps = order.size() / batch_;
  double sum = 0.0;
  for (std::size_t s = 0; s < steps; ++s) {
    double loss = train_step(order.data() + s * batch_);
    if (s < step_losses.size()) step_losses[s] = loss;
    sum += loss;
  }
  std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  sdk::EpochResult result;
  result.num_steps = steps;
  result.mean_loss = steps ? sum / steps : 0.0;
  result.backend_ms = elapsed.count();
  return result;
}

double OnednnSession::evaluate() {
  omp_set_num_threads(threads_);  // num_val_ > 0: the SDK refuses evaluate without windows
  const int T = seq_len_, H = hidden_;
  double sum = 0.0;
  std::vector<std::int32_t> rows;
  for (std::size_t start = 0; start < num_val_;) {
    EvalPass& pass = num_val_ - start >= static_cast<std::size_t>(eval_passes_[0].batch)
                         ? eval_passes_[0]
                         : eval_passes_.back();
    const int n = pass.batch;
    rows.resize(n);
    for (int b = 0; b < n; ++b) rows[b] = static_cast<std::int32_t>(start + b);
    gather(val_x_.data(), rows.data(), n, T, input_, data(pass.x));
    for (const auto& layer : pass.layers) layer->forward(stream_);
    stream_.wait();
    const float* h_last = data(pass.h.back()) + static_cast<std::size_t>(T - 1) * n * H;
    for (int b = 0; b < n; ++b) {
      double p = dense_b_;
      for (int j = 0; j < H; ++j) p += static_cast<double>(h_last[b * H + j]) * dense_w_[j];
      double err = p - val_y_[start + b];
      sum += err * err;
    }
    start += n;
  }
  return sum / static_cast<double>(num_val_);
}

void OnednnSession::read_weights(std::span<float> weights) {
  CanonicalLayout layout(input_, hidden_, layers_count_);  // weights.size() checked by the SDK
  for (int l = 0; l < layers_count_; ++l) {
    const CanonicalLayer& c = layout.layer(l);
    layers_[l]->read_weights(stream_, weights.data() + c.kernel_offset,
                             weights.data() + c.recurrent_offset, weights.data() + c.bias_offset);
  }
  std::copy(dense_w_.begin(), dense_w_.end(), weights.begin() + layout.dense_kernel_offset());
  weights[layout.dense_bias_offset()] = dense_b_;
}

sdk::SessionInfo OnednnSession::info() {
  sdk::SessionInfo info;
  std::size_t bytes = scratchpad_.get_desc().get_size();
  for (const auto& layer : layers_) bytes += layer->bytes();
  for (const dnnl::memory* m : {&x_, &dx_}) bytes += m->get_desc().get_size();
  if (precision_ == Precision::kBf16)
    bytes += x_f32_.get_desc().get_size() + h_last_.get_desc().get_size();
  for (const auto& m : h_) bytes += m.get_desc().get_size();
  for (const auto& m : dh_) bytes += m.get_desc().get_size();
  info.device_bytes = static_cast<std::int64_t>(bytes);
  info.details = "threads=" + std::to_string(threads_) + ";isa=" + effective_isa_name() +
                 ";impl=" + layers_.front()->impl_name() +
                 ";layers=" + std::to_string(layers_count_) + ";onednn=" + onednn_version() +
                 ";precision=" + config_.precision +
                 // Validation runs an f32 inference on the f32 master weights, even for bf16.
                 (precision_ == Precision::kBf16 ? ";eval=f32" : "");
  return info;
}

}  // namespace lstmbench::onednn
