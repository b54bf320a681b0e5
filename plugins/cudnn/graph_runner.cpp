#include "graph_runner.hpp"

#include "cuda_check.hpp"

namespace lstmbench::cudnn_backend {

GraphRunner::~GraphRunner() {
  if (exec_) cudaGraphExecDestroy(exec_);
  if (graph_) cudaGraphDestroy(graph_);
}

void GraphRunner::capture(cudaStream_t stream, const std::function<void()>& enqueue) {
  // ThreadLocal: only this thread's unsafe calls (e.g. a cudaMalloc) would break the capture.
  check_cuda(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal),
             "cudaStreamBeginCapture");
  try {
    enqueue();
  } catch (...) {
    // End the (now invalidated) capture so the stream is usable again, then report the cause.
    cudaGraph_t partial = nullptr;
    cudaStreamEndCapture(stream, &partial);
    if (partial) cudaGraphDestroy(partial);
    cudaGetLastError();
    throw;
  }
  cudaGraph_t graph = nullptr;
  check_cuda(cudaStreamEndCapture(stream, &graph), "cudaStreamEndCapture");
  graph_ = graph;
  cudaGraphExec_t exec = nullptr;
  check_cuda(cudaGraphInstantiate(&exec, graph_, 0), "cudaGraphInstantiate");
  // Uploading now keeps the one-time setup of the executable graph out of the first epoch.
  cudaError_t uploaded = cudaGraphUpload(exec, stream);
  if (uploaded != cudaSuccess) {
    cudaGraphExecDestroy(exec);
    check_cuda(uploaded, "cudaGraphUpload");
  }
  // Only a graph that is ready to launch makes ready() true.
  exec_ = exec;
}

void GraphRunner::launch(cudaStream_t stream) const {
  check_cuda(cudaGraphLaunch(exec_, stream), "cudaGraphLaunch");
}

}  // namespace lstmbench::cudnn_backend
