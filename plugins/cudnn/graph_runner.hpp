// One training step captured as a CUDA Graph and replayed: our counterpart of XLA jit_compile.
//
// Capture rules followed (those of CUDA Graphs and of cuDNN RNN capture in practice): every buffer
// is allocated and a warm-up step has run before capture (cuDNN's lazy initialisation stays
// outside), the handle is bound to the captured (non-default) stream, and nothing in the step syncs
// with the host. Replays reuse the captured pointers, so the step reads what changes (batch, loss
// scale, Adam's t) from device memory.
#pragma once

#include <cuda_runtime.h>

#include <functional>

namespace lstmbench::cudnn_backend {

class GraphRunner {
 public:
  GraphRunner() = default;
  ~GraphRunner();
  GraphRunner(const GraphRunner&) = delete;
  GraphRunner& operator=(const GraphRunner&) = delete;

  // Records what enqueue puts on stream into a graph and instantiates it. Nothing runs.
  // Throws CudaError/CudnnError (after ending the capture) if any part cannot be captured.
  void capture(cudaStream_t stream, const std::function<void()>& enqueue);
  bool ready() const { return exec_ != nullptr; }
  // REQUIRES: ready(). Enqueues one replay of the step on stream.
  void launch(cudaStream_t stream) const;

 private:
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t exec_ = nullptr;
};

}  // namespace lstmbench::cudnn_backend
