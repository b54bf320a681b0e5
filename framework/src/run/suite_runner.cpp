#include "run/suite_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>

#include "common/diagnostics.hpp"
#include "common/json_text.hpp"
#include "results/result_json.hpp"
#include "run/case_session.hpp"
#include "run/case_worker.hpp"
#include "run/child_process.hpp"
#include "run/resources.hpp"
#include "run/verification.hpp"
#include "run/workload_cache.hpp"
#include "stats/rounds.hpp"
#include "suite/grid.hpp"

namespace lstmbench::run {

namespace {

using Clock = std::chrono::steady_clock;

// One case of the group being run.
struct LiveCase {
  std::size_t position = 0;  // in the run's case list
  std::unique_ptr<CaseWorker> worker;
  int base_rounds = 1;  // run::base_rounds of its spec
  int timed_epochs = 1;
  bool ready = false;  // set up and not ended
};

// The measured stopping point of a case, for the result's stop_reason.
std::string interval_text(const CaseResult& r) {
  const stats::Interval mean = stats::geometric_interval(stats::round_means_ms(r));
  return mean.valid() ? fmt::format("±{:.1f} %", 100.0 * mean.rel_half_width()) : "± unknown";
}

double rel_half_width(const CaseResult& r) {
  const stats::Interval mean = stats::geometric_interval(stats::round_means_ms(r));
  return mean.valid() ? mean.rel_half_width() : INFINITY;
}

class GroupRunner {
 public:
  GroupRunner(const RunOptions& options, const plugin::PluginRegistry& registry,
              results::RunFolder& folder, Clock::time_point run_start, std::mt19937_64& random)
      : options_(options),
        registry_(registry),
        folder_(folder),
        run_start_(run_start),
        random_(random) {}

  // RETURNS: the group's results (in the group's order); fewer when interrupted.
  std::vector<std::pair<std::size_t, CaseResult>> run(
      const std::vector<std::pair<std::size_t, const suite::CaseSpec*>>& group,
      const RoundFn& round_progress) {
    std::vector<std::pair<std::size_t, CaseResult>> finished;
    std::vector<LiveCase> live;
    // Set-up one case at a time: no case's verification or create competes with another's.
    for (const auto& [position, spec] : group) {
      // A case that cannot fit in memory is refused with the numbers, never spawned to be
      // killed by the kernel half-way.
      if (std::string why =
              does_not_fit("this case", case_memory_estimate(*spec), available_memory_bytes());
          !why.empty()) {
        CaseResult refused;
        refused.spec = *spec;
        refused.val_loss = NAN;
        refused.status = Status::failed;
        refused.reason = why;
        finished.emplace_back(position, std::move(refused));
        continue;
      }
      LiveCase c;
      c.position = position;
      std::vector<std::string> plugin_dirs = options_.plugin_dirs;
      if (spec->build == "baseline")
        plugin_dirs.insert(plugin_dirs.begin(), options_.baseline_plugin_dir);
      const std::string workload_file =
          options_.workloads ? options_.workloads->file_for(*spec) : std::string();
      ChildOptions child{folder_.logs_dir(), plugin_dirs, workload_file, std::nullopt};
      // One verification per computation: a case whose slice is another's takes its result.
      const std::string key = verification_key(*spec);
      if (auto done = verified_.find(key); done != verified_.end()) {
        child.reused_verification = done->second;
      }
      c.worker = options_.isolate ? make_child_worker(*spec, child)
                                  : make_in_process_worker(*spec, registry_, child);
      c.timed_epochs = spec->epochs - spec->warmup_epochs;
      c.base_rounds = base_rounds(*spec);
      c.ready = c.worker->set_up();
      if (const auto& v = c.worker->partial().verification; v.ran && v.reused_from.empty()) {
        verified_[key] = v;
        verified_[key].reused_from = spec->id;
      }
      if (c.worker->interrupted() || interrupt_signal() != 0) return {};
      if (options_.on_case_update) options_.on_case_update(c.worker->partial());
      live.push_back(std::move(c));
    }
    const suite::CaseSpec& first = *group.front().second;
    int base = 0;
    for (const LiveCase& c : live) base = std::max(base, c.base_rounds);
    const int max_rounds = std::max(base, first.max_rounds);

    std::string group_stop;
    for (int round = 1;; ++round) {
      std::vector<std::size_t> order;
      for (std::size_t i = 0; i < live.size(); ++i)
        if (live[i].ready && (round <= live[i].base_rounds || round > base)) order.push_back(i);
      if (order.empty()) break;
      std::shuffle(order.begin(), order.end(), random_);
      for (std::size_t i : order) {
        LiveCase& c = live[i];
        // Extra rounds (the stopping rule) are as long as the case's base rounds.
        const int epochs = round <= c.base_rounds
                               ? epochs_in_round(c.timed_epochs, c.base_rounds, round)
                               : (c.timed_epochs + c.base_rounds - 1) / c.base_rounds;
        c.ready = c.worker->run_round(round, epochs);
        if (c.worker->interrupted() || interrupt_signal() != 0) return {};
        if (options_.on_case_update) options_.on_case_update(c.worker->partial());
      }
      const double elapsed_s = std::chrono::duration<double>(Clock::now() - run_start_).count();
      if (round_progress) round_progress(round, base, order.size(), elapsed_s);
      if (round < base) continue;
      if (first.target_rel_ci <= 0) {
        group_stop = fmt::format("rounds = {}", round);
        break;
      }
      if (converged(live, first.target_rel_ci)) {
        group_stop = fmt::format("every case within ±{:.1f} % after {} rounds",
                                 100.0 * first.target_rel_ci, round);
        break;
      }
      if (round >= max_rounds) {
        group_stop = fmt::format("max_rounds = {} reached", max_rounds);
        break;
      }
      if (first.max_time_s > 0 && elapsed_s >= first.max_time_s) {
        group_stop = fmt::format("max_time_s = {} reached", first.max_time_s);
        break;
      }
    }
    for (LiveCase& c : live) {
      CaseResult r = c.worker->finish();
      // The runner built the shared workload once; the first case using it is charged with it.
      if (options_.workloads && !std::isnan(r.phases.workload_ms))
        r.phases.workload_ms += options_.workloads->build_ms_charged_to(r.spec);
      c.worker.reset();  // the process is gone: its memory is free for the next group
      if (r.rounds_run > 0) r.stop_reason = group_stop + " (" + interval_text(r) + ")";
      finished.emplace_back(c.position, std::move(r));
    }
    return finished;
  }

 private:
  // Whether every live case's own interval (from the epochs streamed so far) is within target.
  bool converged(const std::vector<LiveCase>& live, double target) {
    for (const LiveCase& c : live) {
      if (!c.ready) continue;
      if (rel_half_width(c.worker->partial()) > target) return false;
    }
    return true;
  }

  const RunOptions& options_;
  const plugin::PluginRegistry& registry_;
  results::RunFolder& folder_;
  Clock::time_point run_start_;
  std::mt19937_64& random_;
  std::map<std::string, results::Verification> verified_;  // verification_key -> its result
};

// The position of a case that is not one of the run's own (a rerun).
constexpr std::size_t kRerun = static_cast<std::size_t>(-1);

// A backend that reports a sticky device fault (its message holds "cuda fault (sticky):") has
// lost its CUDA context; an algorithm other than the standard one is the usual cause. The case
// runs again in a fresh process with algo = standard.
// RETURNS: the rerun's spec, or nothing when the case does not call for one.
std::optional<suite::CaseSpec> rerun_after_device_fault(const CaseResult& result) {
  if (result.reason.find("cuda fault (sticky):") == std::string::npos) return std::nullopt;
  const auto algo = result.spec.options.find("algo");
  if (algo != result.spec.options.end() && algo->second == "standard") return std::nullopt;
  suite::CaseSpec rerun = result.spec;
  rerun.options["algo"] = "standard";
  bool shown = false;
  for (auto& [name, value] : rerun.varying)
    if (name == "algo") value = "standard", shown = true;
  if (!shown) rerun.varying.emplace_back("algo", "standard");
  rerun.id = suite::case_id(rerun);
  return rerun;
}

void append_or_print(results::RunFolder& folder, const CaseResult& result) {
  try {
    folder.append(result);
  } catch (const results::WriteError&) {
    // Nothing measured is lost: what could not be written goes to stdout, as a results line.
    note(
        "lstmbench: this case's result could not be written; it follows on stdout as a "
        "results.jsonl line\n");
    fmt::print("{}\n", json_text(results::result_to_json(result)));
    std::fflush(stdout);
    throw;
  }
}

}  // namespace

std::vector<CaseResult> run_suite(const std::vector<suite::CaseSpec>& cases,
                                  const RunOptions& options, const plugin::PluginRegistry& registry,
                                  results::RunFolder& folder, const ProgressFn& progress,
                                  const RoundFn& round_progress) {
  std::map<std::string, CaseResult> done;
  for (const CaseResult& r : folder.previous()) done[r.spec.id] = r;

  std::vector<std::optional<CaseResult>> slots(cases.size());
  std::vector<CaseResult> extra;  // reruns after a device fault, after the suite's own cases
  std::size_t finished = 0;
  std::vector<std::pair<std::size_t, const suite::CaseSpec*>> pending;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (auto it = done.find(cases[i].id); it != done.end()) {
      slots[i] = it->second;
      if (progress) progress(*slots[i], ++finished, cases.size());
    } else {
      pending.emplace_back(i, &cases[i]);
    }
  }

  if (!pending.empty()) {
    const suite::CaseSpec& first = *pending.front().second;
    // Seeded: the same suite runs its rounds in the same order, so a rerun is a true repeat.
    std::mt19937_64 random(first.seed ^ 0x726f756e6473ull);
    const auto run_start = Clock::now();
    const std::size_t group_size = static_cast<std::size_t>(std::max(1, first.max_sessions));
    GroupRunner runner(options, registry, folder, run_start, random);
    std::deque<suite::CaseSpec> rerun_specs;  // stable addresses for the groups that run them
    for (std::size_t g = 0; g < pending.size() && interrupt_signal() == 0; g += group_size) {
      std::vector<std::pair<std::size_t, const suite::CaseSpec*>> group(
          pending.begin() + static_cast<std::ptrdiff_t>(g),
          pending.begin() + static_cast<std::ptrdiff_t>(std::min(pending.size(), g + group_size)));
      std::vector<std::pair<std::size_t, const suite::CaseSpec*>> reruns;
      for (auto& [position, result] : runner.run(group, round_progress)) {
        if (interrupt_signal() != 0) break;
        append_or_print(folder, result);
        if (auto rerun = rerun_after_device_fault(result)) {
          rerun_specs.push_back(std::move(*rerun));
          reruns.emplace_back(kRerun, &rerun_specs.back());
        }
        slots[position] = std::move(result);
        if (progress) progress(*slots[position], ++finished, cases.size());
      }
      // Both outcomes are kept: the fault as its case's row, the rerun as a row of its own.
      if (!reruns.empty() && interrupt_signal() == 0)
        for (auto& [position, result] : runner.run(reruns, round_progress)) {
          if (interrupt_signal() != 0) break;
          append_or_print(folder, result);
          extra.push_back(std::move(result));
          if (progress) progress(extra.back(), finished, cases.size());
        }
    }
  }

  std::vector<CaseResult> results;
  for (auto& slot : slots)
    if (slot) results.push_back(std::move(*slot));
  for (CaseResult& r : extra) results.push_back(std::move(r));
  return results;
}

int exit_code_for(const std::vector<CaseResult>& results) {
  for (const CaseResult& r : results)
    if (r.status != Status::ok && r.status != Status::skipped) return 1;
  return 0;
}

}  // namespace lstmbench::run
