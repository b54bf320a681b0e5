// Verification against the reference backend (docs/verification.md): before a case is
// timed, its backend and the reference train a small slice — the case's model and optimizer,
// a batch of at most kVerifyBatch windows, kVerifySteps steps — from the same canonical weights
// in the same order; the step losses and the weights after the last step are compared with a
// tolerance that depends on precision (docs/verification.md says why each is what it is).
#pragma once

#include <lstmbench/plugin_abi.h>

#include <vector>

#include "results/case_result.hpp"
#include "workload/shared_workload.hpp"

namespace lstmbench::run {

using results::CaseResult;
using results::Status;
using results::Verification;

inline constexpr int kVerifyBatch = 8;
inline constexpr int kVerifySteps = 3;
inline constexpr int kVerifyValWindows = 16;

// RETURNS: the tolerance on max relative error for a precision ("fp32", "fp16", "bf16").
double verification_tolerance(const std::string& precision);

// Weights are compared as a whole update: ‖w - w_ref‖₂ / ‖w_ref - w₀‖₂. Not a per-weight
// maximum: in its first steps Adam moves every weight by about ±lr whatever its gradient's
// size, so a weight whose gradient is below the candidate's rounding (bf16, fp16) may step the
// other way, 2·lr off, on correct code; a few such weights barely move the update's norm,
// while a wrong layout, gate or optimizer moves all of them.
// Losses of standardised data are O(1); the floor only guards an exact zero.
inline constexpr double kLossFloor = 1e-6;

// RETURNS: the same text for two cases exactly when verify_against_reference computes the same
// thing for them, so one verification can stand for both (docs/verification.md). Left out is
// only what the slice cannot see: a batch size above kVerifyBatch (the slice trains
// min(batch_size, kVerifyBatch) windows a step), the epochs, the time limit, the measuring
// settings and the replica. The learning rate stays in: a backend that ignored it would pass
// on another case's verification.
std::string verification_key(const suite::CaseSpec& spec);

// The workload's weights are the starting point of both.
Verification verify_against_reference(const lb_backend& candidate, const lb_backend& reference,
                                      const suite::CaseSpec& spec,
                                      const workload::WorkloadView& workload);

}  // namespace lstmbench::run
