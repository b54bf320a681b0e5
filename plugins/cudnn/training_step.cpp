#include "training_step.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "cuda_check.hpp"
#include "head_math.hpp"

namespace lstmbench::cudnn_backend {
namespace {

int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

void upload(const DeviceBuffer& buffer, const void* host, std::size_t bytes) {
  if (bytes > 0)
    check_cuda(cudaMemcpy(buffer.get(), host, bytes, cudaMemcpyHostToDevice), "cudaMemcpy");
}

RnnShape make_shape(const sdk::CaseConfig& c, const BackendOptions& o, Algo algo) {
  RnnShape s;
  s.input_size = o.fp16 ? round_up(c.input_size, kHalfInputAlignment) : c.input_size;
  s.hidden_size = c.hidden_size;
  s.num_layers = c.num_layers;
  s.seq_len = c.seq_len;
  s.batch_size = c.batch_size;
  s.half = o.fp16;
  // Strict fp32 unless TF32 is asked for; fp16 runs on tensor cores as Keras/TF set it up.
  s.math = o.fp16 ? CUDNN_TENSOR_OP_MATH : (o.tf32 ? CUDNN_DEFAULT_MATH : CUDNN_FMA_MATH);
  s.algo = algo;
  return s;
}

}  // namespace

Trainer::Trainer(const sdk::CaseConfig& config, const BackendOptions& options, Algo algo,
                 const sdk::Dataset& data, std::span<const float> weights)
    : options_(options), shape_(make_shape(config, options, algo)), input_size_(config.input_size) {
  num_train_ = data.num_train;
  num_val_ = data.num_val;
  const std::size_t n = static_cast<std::size_t>(shape_.batch_size);
  num_val_padded_ = (num_val_ + n - 1) / n * n;
  max_steps_ = num_train_ / n;
  optimizer_ = OptimizerArgs{
      options.adam, static_cast<float>(config.learning_rate), static_cast<float>(config.adam_beta1),
      static_cast<float>(config.adam_beta2), static_cast<float>(config.adam_epsilon)};
  try {
    check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
    check_cudnn(cudnnCreate(&handle_), "cudnnCreate");
    // One handle, one stream: everything cuDNN does for this session is ordered on stream_.
    check_cudnn(cudnnSetStream(handle_, stream_), "cudnnSetStream");
    check_cuda(cudaEventCreate(&epoch_start_), "cudaEventCreate");
    check_cuda(cudaEventCreate(&epoch_end_), "cudaEventCreate");
    rnn_ = std::make_unique<RnnDescriptors>(handle_, shape_);

    const std::size_t elem = rnn_->element_bytes();
    const std::size_t t = static_cast<std::size_t>(shape_.seq_len);
    const std::size_t h = static_cast<std::size_t>(shape_.hidden_size);
    const std::size_t layers = static_cast<std::size_t>(shape_.num_layers);
    const std::size_t window = t * static_cast<std::size_t>(input_size_);
    std::int64_t* bytes = &device_bytes_;

    train_x_ = DeviceBuffer(num_train_ * window * sizeof(float), bytes);
    train_y_ = DeviceBuffer(num_train_ * sizeof(float), bytes);
    val_x_ = DeviceBuffer(num_val_ * window * sizeof(float), bytes);
    val_y_ = DeviceBuffer(num_val_ * sizeof(float), bytes);
    upload(train_x_, data.train_x.data(), train_x_.bytes());
    upload(train_y_, data.train_y.data(), train_y_.bytes());
    upload(val_x_, data.val_x.data(), val_x_.bytes());
    upload(val_y_, data.val_y.data(), val_y_.bytes());
    order_ = DeviceBuffer(std::max<std::size_t>(num_train_, n) * sizeof(std::int32_t), bytes);
    // Validation walks the windows in order; the last batch is padded with -1 (zero rows).
    std::vector<std::int32_t> val_order(num_val_padded_, -1);
    std::iota(val_order.begin(), val_order.begin() + static_cast<long>(num_val_), 0);
    val_order_ = DeviceBuffer(num_val_padded_ * sizeof(std::int32_t), bytes);
    upload(val_order_, val_order.data(), val_order_.bytes());
    // cuDNN reads the lengths from device memory asynchronously: they live as long as we do.
    std::vector<std::int32_t> lengths(n, shape_.seq_len);
    seq_lengths_ = DeviceBuffer(n * sizeof(std::int32_t), bytes);
    upload(seq_lengths_, lengths.data(), seq_lengths_.bytes());

    x_ = DeviceBuffer(t * n * shape_.input_size * elem, bytes);
    dx_ = DeviceBuffer(x_.bytes(), bytes);
    targets_ = DeviceBuffer(n * sizeof(float), bytes);
    y_ = DeviceBuffer(t * n * h * elem, bytes);
    // The loss only sees h_T: dy stays all zero and dL/dh_T enters as dhy.
    dy_ = DeviceBuffer(y_.bytes(), bytes);
    hy_ = DeviceBuffer(layers * n * h * elem, bytes);
    dhy_ = DeviceBuffer(hy_.bytes(), bytes);

    const std::size_t ws_bytes = rnn_->weight_space_bytes();
    const std::size_t ws_count = ws_bytes / elem;
    const std::size_t total = ws_count + h + 1;
    if (shape_.half) {
      weights_half_ = DeviceBuffer(ws_bytes, bytes);
      grads_half_ = DeviceBuffer(ws_bytes, bytes);
    }
    params_ = DeviceBuffer(total * sizeof(float), bytes);
    grads_ = DeviceBuffer(total * sizeof(float), bytes);
    adam_m_ = DeviceBuffer(total * sizeof(float), bytes);
    adam_v_ = DeviceBuffer(total * sizeof(float), bytes);
    mask_ = DeviceBuffer(total, bytes);

    map_ = std::make_unique<WeightMap>(handle_, *rnn_, weights_for_cudnn(), input_size_);
    std::vector<float> master = map_->to_master(weights);
    upload(params_, master.data(), total * sizeof(float));
    std::vector<unsigned char> mask = map_->trainable_mask();
    upload(mask_, mask.data(), mask.size());
    regions_ = map_->trainable_regions();

    work_ = DeviceBuffer(std::max(rnn_->train_work_bytes(), rnn_->inference_work_bytes()), bytes);
    reserve_ = DeviceBuffer(rnn_->reserve_bytes(), bytes);

    DeviceState initial{};
    initial.loss_scale = shape_.half ? kInitialLossScale : 1.0f;
    state_ = DeviceBuffer(sizeof(DeviceState), bytes);
    upload(state_, &initial, sizeof initial);
    step_losses_ = DeviceBuffer(std::max<std::size_t>(max_steps_, 1) * sizeof(float), bytes);
    pred_ = DeviceBuffer(n * sizeof(float), bytes);
    head_scratch_ = DeviceBuffer(
        head::scratch_floats(shape_.batch_size, shape_.hidden_size) * sizeof(float), bytes);

    order_host_ = PinnedBuffer(order_.bytes());
    state_host_ = PinnedBuffer(sizeof(DeviceState));
    losses_host_ = PinnedBuffer(step_losses_.bytes());

    // The zero-fills and uploads above ran on the legacy default stream, which a non-blocking
    // stream does not wait for.
    check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    // The probe is where cuDNN rejects an algorithm at run time, and the warm-up that keeps its
    // lazy initialisation (and the loading of our kernels) out of the graph capture and of the
    // first timed epoch.
    enqueue_probe();
    check_cuda(cudaStreamSynchronize(stream_), "probe step");
    reset_training_state(master, initial);
  } catch (...) {
    // Members clean themselves up; the raw handles are ours to release.
    release_handles();
    throw;
  }
}

Trainer::~Trainer() { release_handles(); }

void Trainer::release_handles() noexcept {
  if (stream_) cudaStreamSynchronize(stream_);
  if (handle_) cudnnDestroy(handle_);
  if (epoch_start_) cudaEventDestroy(epoch_start_);
  if (epoch_end_) cudaEventDestroy(epoch_end_);
  if (stream_) cudaStreamDestroy(stream_);
  handle_ = nullptr;
  epoch_start_ = nullptr;
  epoch_end_ = nullptr;
  stream_ = nullptr;
}

void* Trainer::weights_for_cudnn() const {
  return shape_.half ? weights_half_.get() : params_.get();
}

void* Trainer::gradients_for_cudnn() const {
  return shape_.half ? grads_half_.get() : grads_.get();
}

const void* Trainer::top_h() const {
  std::size_t slice = static_cast<std::size_t>(shape_.batch_size) * shape_.hidden_size;
  return hy_.as<char>() + (shape_.num_layers - 1) * slice * rnn_->element_bytes();
}

void* Trainer::top_dh() const {
  std::size_t slice = static_cast<std::size_t>(shape_.batch_size) * shape_.hidden_size;
  return dhy_.as<char>() + (shape_.num_layers - 1) * slice * rnn_->element_bytes();
}

const char* Trainer::math_name() const {
  switch (shape_.math) {
    case CUDNN_FMA_MATH:
      return "fma";
    case CUDNN_DEFAULT_MATH:
      return "tf32";
    default:
      return "tensor_op";
  }
}

HeadArgs Trainer::head_args() {
  HeadArgs a{};
  a.h_last = top_h();
  a.half = shape_.half;
  a.dense = params_.as<float>() + map_->dense_offset();
  a.targets = targets_.as<float>();
  a.batch = shape_.batch_size;
  a.hidden = shape_.hidden_size;
  a.pred = pred_.as<float>();
  a.scratch = head_scratch_.as<float>();
  a.dense_grad = grads_.as<float>() + map_->dense_offset();
  a.dh_last = top_dh();
  a.step_losses = step_losses_.as<float>();
  a.state = state_.as<DeviceState>();
  a.scaled = shape_.half;
  return a;
}

void Trainer::enqueue_forward(cudnnForwardMode_t mode) {
  bool training = mode == CUDNN_FWD_MODE_TRAINING;
  check_cudnn(cudnnRNNForward(handle_, rnn_->rnn(), mode, seq_lengths_.as<std::int32_t>(),
                              rnn_->x(), x_.get(), rnn_->y(), y_.get(), rnn_->h(), nullptr,
                              hy_.get(), rnn_->h(), nullptr, nullptr, rnn_->weight_space_bytes(),
                              weights_for_cudnn(), work_.bytes(), work_.get(),
                              training ? reserve_.bytes() : 0, training ? reserve_.get() : nullptr),
              "cudnnRNNForward");
}

// Casts the master weights (fp16), gathers the batch and runs the forward pass. state is
// where the step counter lives on the device.
void Trainer::enqueue_gather_and_forward(DeviceState* state) {
  if (shape_.half)
    launch_cast_to_half(params_.as<float>(), weights_half_.get(), map_->weight_space_count(),
                        stream_);
  launch_gather(GatherArgs{train_x_.as<float>(), train_y_.as<float>(), order_.as<std::int32_t>(),
                           state, 0, shape_.batch_size, shape_.seq_len, input_size_,
                           shape_.input_size, shape_.half, x_.get(), targets_.as<float>()},
                stream_);
  enqueue_forward(CUDNN_FWD_MODE_TRAINING);
}

void Trainer::enqueue_backward() {
  // BackwardData before BackwardWeights: it mutates the reserve space (PyTorch RNN.cpp).
  check_cudnn(
      cudnnRNNBackwardData_v8(handle_, rnn_->rnn(), seq_lengths_.as<std::int32_t>(), rnn_->y(),
                              y_.get(), dy_.get(), rnn_->x(), dx_.get(), rnn_->h(), nullptr,
                              dhy_.get(), nullptr, rnn_->h(), nullptr, nullptr, nullptr,
                              rnn_->weight_space_bytes(), weights_for_cudnn(), work_.bytes(),
                              work_.get(), reserve_.bytes(), reserve_.get()),
      "cudnnRNNBackwardData_v8");
  // BackwardWeights only adds (CUDNN_WGRAD_MODE_ADD), so dW starts from zero every step.
  check_cuda(cudaMemsetAsync(gradients_for_cudnn(), 0, rnn_->weight_space_bytes(), stream_),
             "cudaMemsetAsync(dW)");
  check_cudnn(
      cudnnRNNBackwardWeights_v8(
          handle_, rnn_->rnn(), CUDNN_WGRAD_MODE_ADD, seq_lengths_.as<std::int32_t>(), rnn_->x(),
          x_.get(), rnn_->h(), nullptr, rnn_->y(), y_.get(), rnn_->weight_space_bytes(),
          gradients_for_cudnn(), work_.bytes(), work_.get(), reserve_.bytes(), reserve_.get()),
      "cudnnRNNBackwardWeights_v8");
}

// Everything a step or an evaluation will ever enqueue, once: both heads, both optimizer
// schedules, the fp16 casts and checks, the bookkeeping and the inference forward pass that
// evaluate() uses (an algorithm may accept training and reject inference). Its effects on the
// weights and the state are undone by reset_training_state().
void Trainer::enqueue_probe() {
  // Each step starts an epoch: order_ may hold a single batch.
  launch_epoch_begin(state_.as<DeviceState>(), stream_);
  enqueue_step(false);
  launch_epoch_begin(state_.as<DeviceState>(), stream_);
  enqueue_step(true);
  if (num_val_ > 0) enqueue_evaluation();
}

void Trainer::reset_training_state(const std::vector<float>& master, const DeviceState& initial) {
  check_cuda(cudaMemcpyAsync(params_.get(), master.data(), params_.bytes(), cudaMemcpyHostToDevice,
                             stream_),
             "cudaMemcpyAsync(params)");
  for (const DeviceBuffer* buffer : {&adam_m_, &adam_v_, &grads_, &step_losses_})
    check_cuda(cudaMemsetAsync(buffer->get(), 0, buffer->bytes(), stream_), "cudaMemsetAsync");
  check_cuda(
      cudaMemcpyAsync(state_.get(), &initial, sizeof initial, cudaMemcpyHostToDevice, stream_),
      "cudaMemcpyAsync(state)");
  check_cuda(cudaStreamSynchronize(stream_), "resetting after the probe step");
}

void Trainer::capture_graph() {
  graph_.capture(stream_, [this] { enqueue_step(true); });
}

void Trainer::enqueue_step(bool fused) {
  DeviceState* state = state_.as<DeviceState>();
  enqueue_gather_and_forward(state);
  HeadArgs head = head_args();
  if (fused) {
    launch_head_fused(head, stream_);
  } else {
    launch_head_unfused(head, stream_);
  }
  enqueue_backward();
  if (shape_.half)
    launch_unscale_check(grads_half_.get(), grads_.as<float>(), map_->weight_space_count(),
                         map_->total_count(), state, options_.inject_overflow_step, stream_);
  if (fused) {
    launch_optimizer(params_.as<float>(), grads_.as<float>(), adam_m_.as<float>(),
                     adam_v_.as<float>(), mask_.as<unsigned char>(), 0, map_->total_count(), state,
                     optimizer_, stream_);
  } else {
    for (const ParamRegion& r : regions_)
      launch_optimizer(params_.as<float>(), grads_.as<float>(), adam_m_.as<float>(),
                       adam_v_.as<float>(), mask_.as<unsigned char>(), r.begin, r.count, state,
                       optimizer_, stream_);
  }
  launch_finish_step(state, shape_.half, stream_);
}

sdk::EpochResult Trainer::train_epoch(std::span<const std::int32_t> order,
                                      std::span<double> step_losses) {
  if (order.size() > num_train_)
    throw std::invalid_argument(
        fmt::format("the epoch order has {} entries for {} windows", order.size(), num_train_));
  for (std::int32_t window : order)
    if (window < 0 || static_cast<std::size_t>(window) >= num_train_)
      throw std::invalid_argument(
          fmt::format("window {} in the epoch order is out of range", window));
  const std::size_t steps = order.size() / static_cast<std::size_t>(shape_.batch_size);
  if (!step_losses.empty() && step_losses.size() < steps)
    throw std::invalid_argument("step_losses has room for fewer losses than steps");

  std::copy(order.begin(), order.end(), order_host_.as<std::int32_t>());
  check_cuda(cudaMemcpyAsync(order_.get(), order_host_.as<std::int32_t>(),
                             order.size() * sizeof(std::int32_t), cudaMemcpyHostToDevice, stream_),
             "cudaMemcpyAsync(order)");
  check_cuda(cudaEventRecord(epoch_start_, stream_), "cudaEventRecord");
  launch_epoch_begin(state_.as<DeviceState>(), stream_);
  for (std::size_t s = 0; s < steps; ++s) {
    if (graph_.ready()) {
      graph_.launch(stream_);
    } else {
      enqueue_step(false);
    }
  }
  check_cuda(cudaEventRecord(epoch_end_, stream_), "cudaEventRecord");
  check_cuda(cudaMemcpyAsync(state_host_.as<DeviceState>(), state_.get(), sizeof(DeviceState),
                             cudaMemcpyDeviceToHost, stream_),
             "cudaMemcpyAsync(state)");
  if (!step_losses.empty() && steps > 0)
    check_cuda(cudaMemcpyAsync(losses_host_.as<float>(), step_losses_.get(), steps * sizeof(float),
                               cudaMemcpyDeviceToHost, stream_),
               "cudaMemcpyAsync(step losses)");
  check_cuda(cudaStreamSynchronize(stream_), "training epoch");

  const DeviceState& state = *state_host_.as<DeviceState>();
  sdk::EpochResult result;
  result.num_steps = steps;
  result.mean_loss = steps > 0 ? state.epoch_loss_sum / static_cast<double>(steps) : 0.0;
  result.skipped_steps = state.epoch_skipped;
  float ms = 0.0f;
  check_cuda(cudaEventElapsedTime(&ms, epoch_start_, epoch_end_), "cudaEventElapsedTime");
  result.backend_ms = ms;
  for (std::size_t s = 0; s < steps && !step_losses.empty(); ++s)
    step_losses[s] = losses_host_.as<float>()[s];
  return result;
}

double Trainer::evaluate() {
  if (num_val_ == 0) throw std::invalid_argument("this case has no validation windows");
  enqueue_evaluation();
  return read_state().eval_sse / static_cast<double>(num_val_);
}

// REQUIRES: num_val_ > 0 (the last batch has at least one real window).
void Trainer::enqueue_evaluation() {
  DeviceState* state = state_.as<DeviceState>();
  if (shape_.half)
    launch_cast_to_half(params_.as<float>(), weights_half_.get(), map_->weight_space_count(),
                        stream_);
  launch_eval_begin(state, stream_);
  const int n = shape_.batch_size;
  for (std::size_t start = 0; start < num_val_padded_; start += static_cast<std::size_t>(n)) {
    launch_gather(GatherArgs{val_x_.as<float>(), val_y_.as<float>(), val_order_.as<std::int32_t>(),
                             nullptr, static_cast<int>(start), n, shape_.seq_len, input_size_,
                             shape_.input_size, shape_.half, x_.get(), targets_.as<float>()},
                  stream_);
    enqueue_forward(CUDNN_FWD_MODE_INFERENCE);
    int valid = static_cast<int>(std::min<std::size_t>(n, num_val_ - start));
    launch_eval_accumulate(top_h(), shape_.half, params_.as<float>() + map_->dense_offset(),
                           targets_.as<float>(), shape_.hidden_size, valid,
                           head_scratch_.as<float>(), state, stream_);
  }
}

DeviceState Trainer::read_state() {
  check_cuda(cudaMemcpyAsync(state_host_.as<DeviceState>(), state_.get(), sizeof(DeviceState),
                             cudaMemcpyDeviceToHost, stream_),
             "cudaMemcpyAsync(state)");
  check_cuda(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
  return *state_host_.as<DeviceState>();
}

void Trainer::read_weights(std::span<float> weights) {
  std::vector<float> master(map_->total_count());
  check_cuda(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
  check_cuda(cudaMemcpy(master.data(), params_.get(), master.size() * sizeof(float),
                        cudaMemcpyDeviceToHost),
             "cudaMemcpy(weights)");
  map_->to_canonical(master, weights);
}

}  // namespace lstmbench::cudnn_backend
