// The cuDNN descriptors of one LSTM shape (RNN, dropout p = 0, x/y data, h/c state) and the
// buffer sizes cuDNN asks for. Built once at set-up; every call is host-only.
#pragma once

#include <cuda_fp16.h>
#include <cudnn.h>

#include <cstddef>

#include "backend_options.hpp"

namespace lstmbench::cudnn_backend {

// The paddingFill argument of cudnnSetRNNDataDescriptor: a host value that cuDNN reads as the
// descriptor's data type (a float for CUDNN_DATA_FLOAT, a half for CUDNN_DATA_HALF); zero here.
class PaddingFill {
 public:
  explicit PaddingFill(cudnnDataType_t type) : type_(type) {}
  PaddingFill(const PaddingFill&) = delete;
  PaddingFill& operator=(const PaddingFill&) = delete;

  void* get() { return type_ == CUDNN_DATA_HALF ? static_cast<void*>(&half_) : &float_; }
  std::size_t bytes() const { return type_ == CUDNN_DATA_HALF ? sizeof half_ : sizeof float_; }

 private:
  cudnnDataType_t type_;
  float float_ = 0.0f;
  __half half_ = __float2half(0.0f);
};

struct RnnShape {
  int input_size = 1;  // features per step as cuDNN sees them (padded to 8 for fp16)
  int hidden_size = 64;
  int num_layers = 1;
  int seq_len = 60;
  int batch_size = 32;
  bool half = false;                      // fp16 data and weights, fp32 math
  cudnnMathType_t math = CUDNN_FMA_MATH;  // FMA: strict fp32; DEFAULT: TF32; TENSOR_OP: fp16
  Algo algo = Algo::kStandard;
};

class RnnDescriptors {
 public:
  // Throws CudnnError where cuDNN rejects the shape (e.g. a persistent algorithm that does not
  // support it: the caller falls back to the standard one).
  RnnDescriptors(cudnnHandle_t handle, const RnnShape& shape);
  ~RnnDescriptors();
  RnnDescriptors(const RnnDescriptors&) = delete;
  RnnDescriptors& operator=(const RnnDescriptors&) = delete;

  cudnnRNNDescriptor_t rnn() const { return rnn_; }
  cudnnRNNDataDescriptor_t x() const { return x_; }
  cudnnRNNDataDescriptor_t y() const { return y_; }
  cudnnTensorDescriptor_t h() const { return h_; }  // also the c descriptor: same shape
  cudnnDataType_t data_type() const { return shape_.half ? CUDNN_DATA_HALF : CUDNN_DATA_FLOAT; }
  std::size_t element_bytes() const { return shape_.half ? 2 : 4; }
  const RnnShape& shape() const { return shape_; }

  std::size_t weight_space_bytes() const { return weight_space_bytes_; }
  std::size_t train_work_bytes() const { return train_work_bytes_; }
  std::size_t reserve_bytes() const { return reserve_bytes_; }
  std::size_t inference_work_bytes() const { return inference_work_bytes_; }

 private:
  void release() noexcept;

  RnnShape shape_;
  cudnnDropoutDescriptor_t dropout_ = nullptr;
  cudnnRNNDescriptor_t rnn_ = nullptr;
  cudnnRNNDataDescriptor_t x_ = nullptr;
  cudnnRNNDataDescriptor_t y_ = nullptr;
  cudnnTensorDescriptor_t h_ = nullptr;
  std::size_t weight_space_bytes_ = 0;
  std::size_t train_work_bytes_ = 0;
  std::size_t reserve_bytes_ = 0;
  std::size_t inference_work_bytes_ = 0;
};

}  // namespace lstmbench::cudnn_backend
