// Verification against the reference backend (DESIGN.md "Measuring honestly"): before a case is
// timed, its backend and the reference train a small slice — the case's model and optimizer,
// a batch of at most kVerifyBatch windows, kVerifySteps steps — from the same canonical weights
// in the same order; the step losses and the weights after the last step are compared with a
// tolerance that depends on precision (docs/verification.md says why each is what it is).
#pragma once

#include <lstmbench/plugin_abi.h>

#include <vector>

#include "run/case_result.hpp"
#include "workload/workload.hpp"

namespace lstmbench::run {

inline constexpr int kVerifyBatch = 8;
inline constexpr int kVerifySteps = 3;
inline constexpr int kVerifyValWindows = 16;

// RETURNS: the tolerance on max relative error for a precision ("fp32", "fp16", "bf16").
double verification_tolerance(const std::string& precision);

// Weights are compared relative to max(|w_ref|, kWeightFloor): near-zero weights (zero biases
// that moved by a few learning-rate steps) would otherwise turn rounding into huge ratios.
inline constexpr double kWeightFloor = 1e-2;
// Losses of standardised data are O(1); the floor only guards an exact zero.
inline constexpr double kLossFloor = 1e-6;

Verification verify_against_reference(const lb_backend& candidate, const lb_backend& reference,
                                      const suite::CaseSpec& spec,
                                      const workload::Workload& workload,
                                      const std::vector<float>& weights);

}  // namespace lstmbench::run
