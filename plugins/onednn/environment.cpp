#include "environment.hpp"

#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <sstream>

#include "bf16_support.hpp"

namespace lstmbench::onednn {

std::string effective_isa_name() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41:
      return "sse41";
    case dnnl::cpu_isa::avx:
      return "avx";
    case dnnl::cpu_isa::avx2:
      return "avx2";
    case dnnl::cpu_isa::avx2_vnni:
      return "avx2_vnni";
    case dnnl::cpu_isa::avx512_mic:
      return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops:
      return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core:
      return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "avx512_core_amx";
    case dnnl::cpu_isa::all:
      return "all";
  }
  return "unknown";
}

bool isa_has_bf16_training() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::avx512_core:
    case dnnl::cpu_isa::avx512_core_vnni:
    case dnnl::cpu_isa::avx512_core_bf16:
    case dnnl::cpu_isa::avx512_core_amx:
      return true;
    default:
      return false;
  }
}

int default_thread_count() { return omp_get_num_procs(); }

std::string onednn_version() {
  const dnnl_version_t* v = dnnl_version();
  std::ostringstream out;
  out << "oneDNN " << v->major << '.' << v->minor << '.' << v->patch;
  if (v->hash && *v->hash) out << " (" << v->hash << ')';
  return out.str();
}

namespace {

const char* runtime_name(unsigned runtime) {
  switch (runtime) {
    case DNNL_RUNTIME_OMP:
      return "OpenMP";
    case DNNL_RUNTIME_TBB:
      return "TBB";
    case DNNL_RUNTIME_SEQ:
      return "sequential";
    case DNNL_RUNTIME_THREADPOOL:
      return "threadpool";
    default:
      return "other";
  }
}

}  // namespace

std::string environment_json() {
  const dnnl_version_t* v = dnnl_version();
  std::ostringstream out;
  // Every value is a fixed identifier or a number, so no JSON escaping is needed.
  out << "{\"library\":\"oneDNN\",\"version\":\"" << v->major << '.' << v->minor << '.' << v->patch
      << "\",\"hash\":\"" << (v->hash ? v->hash : "") << "\",\"isa\":\"" << effective_isa_name()
      << "\",\"cpu_runtime\":\"" << runtime_name(v->cpu_runtime)
      << "\",\"threads\":" << default_thread_count()
      << ",\"bf16_training\":" << (bf16_training_refusal().empty() ? "true" : "false") << '}';
  return out.str();
}

}  // namespace lstmbench::onednn
