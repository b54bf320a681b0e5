// The conformance kit behind `lstmbench check-plugin`: a battery that drives one backend through
// the C ABI exactly as the runner does, next to the reference backend, and says which of the
// runner's expectations it meets. Every case is a tiny model (hidden 4, 5 steps of sequence),
// so the whole battery takes seconds even on one CPU core.
//
// The cases: every activation x recurrent activation x optimizer x layers {1, 2} x batch sizes
// {1, 7, 32}, at the backend's first declared precision (fp32 when it offers it) and mode
// (eager when offered). A case the backend refuses is recorded as "refused: <reason>"; every
// accepted case is checked.
#pragma once

#include <lstmbench/plugin_abi.h>

#include <string>
#include <vector>

namespace lstmbench::conformance {

// One line of the table: a check, how many cases it ran over, and the first failure.
struct CheckResult {
  std::string name;
  int cases = 0;
  int failures = 0;
  std::string first_failure;  // the case and what was wrong; empty when it passed
  bool passed() const { return failures == 0; }
};

struct Report {
  std::string backend;
  std::vector<CheckResult> checks;  // in the order they are printed
  int cases_total = 0;
  int cases_accepted = 0;
  std::vector<std::string> refusals;  // "<case>: refused: <reason>"
  bool passed() const;
  // RETURNS: the first failing check, or nullptr.
  const CheckResult* first_failure() const;
};

// Names of the checks, as the table prints them (tests look them up by these).
inline constexpr const char* kAbiFields = "ABI fields";
inline constexpr const char* kRefusalReasons = "refusal reasons";
inline constexpr const char* kReadWeights = "read_weights round trip";
inline constexpr const char* kStepCounts = "step counts";
inline constexpr const char* kEpochLoss = "epoch loss = mean of step losses";
inline constexpr const char* kEvaluate = "evaluate consistency";
inline constexpr const char* kLoss = "loss agrees with reference";
inline constexpr const char* kWeights = "weights agree with reference";
inline constexpr const char* kAccepts = "accepts a case";

// Runs the battery. Never throws for a backend's failure: a call that fails is a failed check
// with the backend's message.
Report check_backend(const lb_backend& candidate, const lb_backend& reference);

}  // namespace lstmbench::conformance
