// What the onednn backend can say about the machine it runs on: oneDNN's version, the instruction
// set oneDNN dispatches to, and the OpenMP thread count it will use.
#pragma once

#include <string>

namespace lstmbench::onednn {

// RETURNS: oneDNN's name for the ISA its kernels use here ("avx2", "avx512_core_bf16", ...).
std::string effective_isa_name();

// RETURNS: true when oneDNN's effective ISA is avx512_core or above, the least its bf16 GEMM
// needs (src/cpu/gemm/gemm.cpp @ v2.6.3); on AVX2 primitive creation fails with "unimplemented".
// Necessary, not sufficient: bf16_training_refusal() (bf16_support.hpp) also asks oneDNN.
bool isa_has_bf16_training();

// RETURNS: the threads a session uses by default: every core this process may run on.
int default_thread_count();

// RETURNS: "oneDNN 2.6.3 (hash)".
std::string onednn_version();

// RETURNS: a JSON object with oneDNN's version, ISA, CPU runtime and default threads.
std::string environment_json();

}  // namespace lstmbench::onednn
