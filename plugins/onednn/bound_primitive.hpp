// A oneDNN primitive with its arguments bound once at set-up.
//
// dnnl::primitive::execute(stream, unordered_map) converts the map into a fresh std::vector on
// every call; a training step runs a dozen primitives, so binding the C argument array once and
// calling dnnl_primitive_execute directly keeps the step free of heap allocation.
#pragma once

#include <oneapi/dnnl/dnnl_debug.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace lstmbench::onednn {

class BoundPrimitive {
 public:
  BoundPrimitive() = default;
  BoundPrimitive(dnnl::primitive primitive, std::vector<std::pair<int, dnnl::memory>> args)
      : primitive_(std::move(primitive)), args_(std::move(args)) {
    for (auto& [id, mem] : args_) c_args_.push_back({id, mem.get()});
  }

  explicit operator bool() const { return static_cast<bool>(primitive_); }

  void run(const dnnl::stream& stream) const {
    dnnl_status_t status = dnnl_primitive_execute(primitive_.get(), stream.get(),
                                                  static_cast<int>(c_args_.size()), c_args_.data());
    if (status != dnnl_success)
      throw std::runtime_error(std::string("oneDNN could not execute a primitive: ") +
                               dnnl_status2str(status) + " (ONEDNN_VERBOSE=1 shows which)");
  }

 private:
  dnnl::primitive primitive_;
  std::vector<std::pair<int, dnnl::memory>> args_;  // keeps the memory objects alive
  std::vector<dnnl_exec_arg_t> c_args_;
};

}  // namespace lstmbench::onednn
