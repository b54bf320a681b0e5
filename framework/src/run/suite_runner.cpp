#include "run/suite_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <utility>

#include "common/diagnostics.hpp"
#include "common/json_text.hpp"
#include "results/result_json.hpp"
#include "run/case_session.hpp"
#include "run/case_worker.hpp"
#include "run/child_process.hpp"
#include "run/device_groups.hpp"
#include "run/idle_spin.hpp"
#include "run/resources.hpp"
#include "run/verification.hpp"
#include "run/workload_cache.hpp"
#include "stats/rounds.hpp"
#include "suite/grid.hpp"

namespace lstmbench::run {

namespace {

using Clock = std::chrono::steady_clock;
using Group = CaseGroup;

// What the groups of one run share, whichever device's thread runs them.
struct RunShared {
  std::mutex mutex;                                       // guards verified and the warned_ flags
  std::map<std::string, results::Verification> verified;  // verification_key -> its result
  bool warned_cpu = false;
  bool warned_spin = false;
  std::atomic<bool> stop{false};  // a device's worker failed (a write error): the others stop
};

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
  // visible_devices: the CUDA_VISIBLE_DEVICES of the group's processes, or "" (inherited).
  GroupRunner(const RunOptions& options, const plugin::PluginRegistry& registry,
              results::RunFolder& folder, Clock::time_point run_start, std::mt19937_64& random,
              RunShared& shared, std::string visible_devices)
      : options_(options),
        registry_(registry),
        folder_(folder),
        run_start_(run_start),
        random_(random),
        shared_(shared),
        visible_devices_(std::move(visible_devices)) {}

  // RETURNS: the group's results (in the group's order); fewer when interrupted.
  std::vector<std::pair<std::size_t, CaseResult>> run(const Group& group,
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
        refused.visible_devices = visible_devices_;
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
      ChildOptions child{folder_.logs_dir(), plugin_dirs, workload_file, std::nullopt,
                         visible_devices_};
      // One verification per computation: a case whose slice is another's takes its result.
      const std::string key = verification_key(*spec);
      {
        const std::lock_guard<std::mutex> hold(shared_.mutex);
        if (auto done = shared_.verified.find(key); done != shared_.verified.end())
          child.reused_verification = done->second;
      }
      c.worker = options_.isolate ? make_child_worker(*spec, child)
                                  : make_in_process_worker(*spec, registry_, child);
      c.timed_epochs = spec->epochs - spec->warmup_epochs;
      c.base_rounds = base_rounds(*spec);
      c.ready = c.worker->set_up();
      if (const auto& v = c.worker->partial().verification; v.ran && v.reused_from.empty()) {
        const std::lock_guard<std::mutex> hold(shared_.mutex);
        shared_.verified[key] = v;
        shared_.verified[key].reused_from = spec->id;
      }
      warn_if_on_cpu(c.worker->partial());
      if (c.worker->interrupted() || stopping()) return {};
      if (options_.on_case_update) options_.on_case_update(c.worker->partial());
      live.push_back(std::move(c));
    }
    warn_if_idle_threads_spin(live.size());
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
        if (c.worker->interrupted() || stopping()) return {};
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
      r.visible_devices = visible_devices_;
      finished.emplace_back(c.position, std::move(r));
    }
    return finished;
  }

 private:
  bool stopping() const { return interrupt_signal() != 0 || shared_.stop; }

  // RETURNS: true the first time this run asks about `said` (a RunShared flag), from any
  // device's thread: what is said once per run.
  bool first_time(bool RunShared::*said) {
    const std::lock_guard<std::mutex> hold(shared_.mutex);
    return !std::exchange(shared_.*said, true);
  }

  // Cases on the CPU beside other devices' cases share the host's cores: their times disturb
  // each other. Said once per run.
  void warn_if_on_cpu(const CaseResult& partial) {
    if (visible_devices_.empty() || partial.device != "cpu") return;
    if (!first_time(&RunShared::warned_cpu)) return;
    note(
        "lstmbench: warning: --devices runs cases side by side, and backend {} runs on the CPU: "
        "cases running at the same time share the host's cores, so their times disturb each "
        "other. Run CPU backends without --devices to measure them.\n",
        partial.spec.backend);
  }

  // Case processes waiting for their next round whose OpenMP threads spin take the CPUs from
  // the case being timed (six times slower per epoch in one run on a 2-core VM). Said once per run.
  void warn_if_idle_threads_spin(std::size_t alive) {
    if (!options_.isolate || alive < 2) return;
    const std::string setting = idle_spin_setting();
    if (setting.empty()) return;
    if (!first_time(&RunShared::warned_spin)) return;
    note(
        "lstmbench: warning: {} keeps idle OpenMP threads spinning: the case processes that "
        "wait for their next round ({} of them at a time) then take CPU time from the one being "
        "timed, which can make it several times slower. Unset it, or set max_sessions = 1 (one "
        "case process at a time; its rounds are then not interleaved with other cases').\n",
        setting, alive - 1);
  }

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
  RunShared& shared_;
  std::string visible_devices_;
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

// Where finished cases go: results.jsonl, their slot in suite order, the progress callback.
// One case at a time, from any device's thread.
class Recorder {
 public:
  Recorder(results::RunFolder& folder, const ProgressFn& progress, std::size_t total)
      : folder_(folder), progress_(progress), slots_(total) {}

  // A case already in the folder (--resume): counted, not written again.
  void reuse(std::size_t position, const CaseResult& result) {
    slots_[position] = result;
    if (progress_) progress_(*slots_[position], ++finished_, slots_.size());
  }

  // THROWS: results::WriteError when the result cannot be written (it is printed first).
  void record(std::size_t position, CaseResult result) {
    const std::lock_guard<std::mutex> hold(mutex_);
    append_or_print(folder_, result);
    if (position == kRerun) {
      extra_.push_back(std::move(result));
      if (progress_) progress_(extra_.back(), finished_, slots_.size());
      return;
    }
    slots_[position] = std::move(result);
    if (progress_) progress_(*slots_[position], ++finished_, slots_.size());
  }

  // Held while the progress callback runs: the other callbacks take it too, so that whatever
  // prints progress is called one call at a time.
  std::mutex& mutex() { return mutex_; }

  // RETURNS: the finished cases in suite order, then the reruns.
  std::vector<CaseResult> take() {
    std::vector<CaseResult> results;
    for (auto& slot : slots_)
      if (slot) results.push_back(std::move(*slot));
    for (CaseResult& r : extra_) results.push_back(std::move(r));
    return results;
  }

 private:
  std::mutex mutex_;
  results::RunFolder& folder_;
  const ProgressFn& progress_;
  std::vector<std::optional<CaseResult>> slots_;
  std::vector<CaseResult> extra_;  // reruns after a device fault, after the suite's own cases
  std::size_t finished_ = 0;
};

// Runs a group, records its cases, then reruns (on the same runner, so the same device) those
// that lost their device to a fault. Both outcomes are kept: the fault as its case's row, the
// rerun as a row of its own.
void run_group(GroupRunner& runner, const Group& group, const RoundFn& round_progress,
               Recorder& recorder) {
  std::deque<suite::CaseSpec> rerun_specs;  // stable addresses for the group that runs them
  Group reruns;
  for (auto& [position, result] : runner.run(group, round_progress)) {
    if (interrupt_signal() != 0) return;
    std::optional<suite::CaseSpec> rerun = rerun_after_device_fault(result);
    recorder.record(position, std::move(result));
    if (rerun) {
      rerun_specs.push_back(std::move(*rerun));
      reruns.emplace_back(kRerun, &rerun_specs.back());
    }
  }
  if (reruns.empty() || interrupt_signal() != 0) return;
  for (auto& [position, result] : runner.run(reruns, round_progress)) {
    if (interrupt_signal() != 0) return;
    recorder.record(position, std::move(result));
  }
}

// Seeded: the same suite runs its rounds in the same order, so a rerun is a true repeat.
std::uint64_t round_order_seed(const suite::CaseSpec& first) {
  return first.seed ^ 0x726f756e6473ull;
}

// One worker per device takes the next group when it is free. Each group's round order has
// its own seed, so it does not depend on which device took the group.
void run_on_devices(const Group& pending, const RunOptions& options,
                    const plugin::PluginRegistry& registry, results::RunFolder& folder,
                    const RoundFn& round_progress, Recorder& recorder, RunShared& shared) {
  const suite::CaseSpec& first = *pending.front().second;
  const std::vector<Group> groups = device_groups(
      pending, options.devices.size(), static_cast<std::size_t>(std::max(1, first.max_sessions)));
  // The callbacks print: one call at a time, with the recorder's progress calls too.
  std::mutex& callback_mutex = recorder.mutex();
  RunOptions serial = options;
  if (options.on_case_update)
    serial.on_case_update = [&](const CaseResult& partial) {
      const std::lock_guard<std::mutex> hold(callback_mutex);
      options.on_case_update(partial);
    };
  RoundFn serial_rounds;
  if (round_progress)
    serial_rounds = [&](int round, int planned, std::size_t live, double elapsed_s) {
      const std::lock_guard<std::mutex> hold(callback_mutex);
      round_progress(round, planned, live, elapsed_s);
    };
  const auto run_start = Clock::now();
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::vector<std::thread> workers;
  for (int device : options.devices)
    workers.emplace_back([&, device] {
      try {
        for (std::size_t g = next++; g < groups.size(); g = next++) {
          if (interrupt_signal() != 0 || shared.stop) return;
          std::mt19937_64 random(round_order_seed(first) ^ (0x9e3779b97f4a7c15ull * (g + 1)));
          GroupRunner runner(serial, registry, folder, run_start, random, shared,
                             std::to_string(device));
          run_group(runner, groups[g], serial_rounds, recorder);
        }
      } catch (...) {
        shared.stop = true;
        const std::lock_guard<std::mutex> hold(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  for (std::thread& worker : workers) worker.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::vector<CaseResult> run_suite(const std::vector<suite::CaseSpec>& cases,
                                  const RunOptions& options, const plugin::PluginRegistry& registry,
                                  results::RunFolder& folder, const ProgressFn& progress,
                                  const RoundFn& round_progress) {
  std::map<std::string, CaseResult> done;
  for (const CaseResult& r : folder.previous()) done[r.spec.id] = r;

  Recorder recorder(folder, progress, cases.size());
  Group pending;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (auto it = done.find(cases[i].id); it != done.end())
      recorder.reuse(i, it->second);
    else
      pending.emplace_back(i, &cases[i]);
  }

  RunShared shared;
  if (!pending.empty() && !options.devices.empty()) {
    run_on_devices(pending, options, registry, folder, round_progress, recorder, shared);
  } else if (!pending.empty()) {
    const suite::CaseSpec& first = *pending.front().second;
    std::mt19937_64 random(round_order_seed(first));
    const auto run_start = Clock::now();
    const std::size_t group_size = static_cast<std::size_t>(std::max(1, first.max_sessions));
    GroupRunner runner(options, registry, folder, run_start, random, shared, "");
    for (std::size_t g = 0; g < pending.size() && interrupt_signal() == 0; g += group_size) {
      const Group group(
          pending.begin() + static_cast<std::ptrdiff_t>(g),
          pending.begin() + static_cast<std::ptrdiff_t>(std::min(pending.size(), g + group_size)));
      run_group(runner, group, round_progress, recorder);
    }
  }
  return recorder.take();
}

int exit_code_for(const std::vector<CaseResult>& results) {
  for (const CaseResult& r : results)
    if (r.status != Status::ok && r.status != Status::skipped) return 1;
  return 0;
}

}  // namespace lstmbench::run
