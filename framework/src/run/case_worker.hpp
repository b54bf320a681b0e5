// The runner's handle on one case while rounds interleave cases: set up, run a round, finish.
// ChildCaseWorker drives a case child process over the session protocol (the default: a crash,
// hang or out-of-memory costs only that case); InProcessCaseWorker drives a CaseSession in the
// runner itself (`--no-isolate`, for debugging). Neither throws: every outcome is in the result.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plugin/plugin_registry.hpp"
#include "results/case_result.hpp"
#include "suite/case_spec.hpp"

namespace lstmbench::run {

class CaseWorker {
 public:
  virtual ~CaseWorker() = default;
  // RETURNS: true when ready for rounds; false when the case ended (finish() gives why).
  virtual bool set_up() = 0;
  // RETURNS: false when the case ended during the round.
  virtual bool run_round(int round, int epochs) = 0;
  // The case's result: final when the case ended or was finished; the process is gone after.
  virtual results::CaseResult finish() = 0;
  // What is known so far: the set-up result plus every epoch streamed since. For the stopping
  // rule, which needs each case's rounds before the case is finished.
  virtual const results::CaseResult& partial() const = 0;
  // True when SIGINT/SIGTERM/SIGHUP stopped the run while this worker waited.
  virtual bool interrupted() const { return false; }
};

struct ChildOptions {
  std::string log_dir;                   // logs/case-NNNN-ID.{json,log} go here
  std::vector<std::string> plugin_dirs;  // passed on to the child
  std::string workload_file;             // the runner's shared workload, or "" (build it)
  std::optional<results::Verification> reused_verification;  // see CaseSession
  // Non-empty: the child's CUDA_VISIBLE_DEVICES (run --devices), set in its environment only.
  std::string visible_devices;
};

std::unique_ptr<CaseWorker> make_child_worker(const suite::CaseSpec& spec,
                                              const ChildOptions& options);
std::unique_ptr<CaseWorker> make_in_process_worker(const suite::CaseSpec& spec,
                                                   const plugin::PluginRegistry& registry,
                                                   const ChildOptions& options);

}  // namespace lstmbench::run
