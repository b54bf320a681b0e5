#include "rnn_descriptors.hpp"

#include <vector>

#include "cuda_check.hpp"

namespace lstmbench::cudnn_backend {

RnnDescriptors::RnnDescriptors(cudnnHandle_t handle, const RnnShape& shape) : shape_(shape) {
  try {
    check_cudnn(cudnnCreateDropoutDescriptor(&dropout_), "cudnnCreateDropoutDescriptor");
    // p = 0 needs no random state (PyTorch's set_no_dropout), which keeps the step capturable.
    check_cudnn(cudnnSetDropoutDescriptor(dropout_, handle, 0.0f, nullptr, 0, 0),
                "cudnnSetDropoutDescriptor");

    check_cudnn(cudnnCreateRNNDescriptor(&rnn_), "cudnnCreateRNNDescriptor");
    // DOUBLE_BIAS as Keras's own TF path feeds cuDNN: [zeros, bias]; the input-bias slot is held
    // at zero by the optimizer's mask (weight_mapping.hpp). mathPrec FLOAT for fp16 too: fp32
    // accumulation and activations inside cuDNN, as Keras mixed_float16 gets from TF.
    check_cudnn(cudnnSetRNNDescriptor_v8(
                    rnn_, to_cudnn(shape.algo), CUDNN_LSTM, CUDNN_RNN_DOUBLE_BIAS,
                    CUDNN_UNIDIRECTIONAL, CUDNN_LINEAR_INPUT, data_type(), CUDNN_DATA_FLOAT,
                    shape.math, shape.input_size, shape.hidden_size, shape.hidden_size,
                    shape.num_layers, dropout_, CUDNN_RNN_PADDED_IO_ENABLED),
                "cudnnSetRNNDescriptor_v8");

    // Every window has the full length; the unpacked layout needs PADDED_IO_ENABLED above.
    std::vector<int> lengths(static_cast<std::size_t>(shape.batch_size), shape.seq_len);
    PaddingFill padding_fill(data_type());
    check_cudnn(cudnnCreateRNNDataDescriptor(&x_), "cudnnCreateRNNDataDescriptor");
    check_cudnn(cudnnSetRNNDataDescriptor(x_, data_type(), CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED,
                                          shape.seq_len, shape.batch_size, shape.input_size,
                                          lengths.data(), padding_fill.get()),
                "cudnnSetRNNDataDescriptor(x)");
    check_cudnn(cudnnCreateRNNDataDescriptor(&y_), "cudnnCreateRNNDataDescriptor");
    check_cudnn(cudnnSetRNNDataDescriptor(y_, data_type(), CUDNN_RNN_DATA_LAYOUT_SEQ_MAJOR_UNPACKED,
                                          shape.seq_len, shape.batch_size, shape.hidden_size,
                                          lengths.data(), padding_fill.get()),
                "cudnnSetRNNDataDescriptor(y)");

    check_cudnn(cudnnCreateTensorDescriptor(&h_), "cudnnCreateTensorDescriptor");
    int dims[3] = {shape.num_layers, shape.batch_size, shape.hidden_size};
    int strides[3] = {shape.batch_size * shape.hidden_size, shape.hidden_size, 1};
    check_cudnn(cudnnSetTensorNdDescriptor(h_, data_type(), 3, dims, strides),
                "cudnnSetTensorNdDescriptor(h)");

    // The persistent-dynamic plan is compiled at run time for this batch size; never in a capture.
    if (shape.algo == Algo::kPersistDynamic)
      check_cudnn(cudnnBuildRNNDynamic(handle, rnn_, shape.batch_size), "cudnnBuildRNNDynamic");

    check_cudnn(cudnnGetRNNWeightSpaceSize(handle, rnn_, &weight_space_bytes_),
                "cudnnGetRNNWeightSpaceSize");
    check_cudnn(cudnnGetRNNTempSpaceSizes(handle, rnn_, CUDNN_FWD_MODE_TRAINING, x_,
                                          &train_work_bytes_, &reserve_bytes_),
                "cudnnGetRNNTempSpaceSizes(training)");
    std::size_t unused_reserve = 0;
    check_cudnn(cudnnGetRNNTempSpaceSizes(handle, rnn_, CUDNN_FWD_MODE_INFERENCE, x_,
                                          &inference_work_bytes_, &unused_reserve),
                "cudnnGetRNNTempSpaceSizes(inference)");
  } catch (...) {
    release();
    throw;
  }
}

RnnDescriptors::~RnnDescriptors() { release(); }

void RnnDescriptors::release() noexcept {
  if (h_) cudnnDestroyTensorDescriptor(h_);
  if (y_) cudnnDestroyRNNDataDescriptor(y_);
  if (x_) cudnnDestroyRNNDataDescriptor(x_);
  if (rnn_) cudnnDestroyRNNDescriptor(rnn_);
  if (dropout_) cudnnDestroyDropoutDescriptor(dropout_);
  h_ = nullptr;
  y_ = nullptr;
  x_ = nullptr;
  rnn_ = nullptr;
  dropout_ = nullptr;
}

}  // namespace lstmbench::cudnn_backend
