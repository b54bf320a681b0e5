#include "run/case_worker.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include "common/diagnostics.hpp"
#include "common/json_text.hpp"
#include "plugin/self_path.hpp"
#include "results/result_json.hpp"
#include "run/case_session.hpp"
#include "run/child_process.hpp"
#include "run/session_protocol.hpp"

namespace lstmbench::run {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string format_bytes(std::int64_t bytes) {
  if (bytes >= (1LL << 30)) return fmt::format("{:.1f} GiB", bytes / double(1LL << 30));
  return fmt::format("{:.0f} MiB", bytes / double(1LL << 20));
}

// A descriptor number in [64, 1000) that is not open here: where the child finds a pipe. Not
// 3, and not the same from run to run, so nothing can write to it by convention.
int free_descriptor(std::mt19937& random, int other) {
  std::uniform_int_distribution<int> pick(64, 999);
  for (;;) {
    int fd = pick(random);
    if (fd != other && fcntl(fd, F_GETFD) == -1) return fd;
  }
}

class InProcessCaseWorker : public CaseWorker {
 public:
  InProcessCaseWorker(const suite::CaseSpec& spec, const plugin::PluginRegistry& registry,
                      const ChildOptions& options)
      : session_(spec, registry, options.workload_file, options.reused_verification) {}
  bool set_up() override { return session_.set_up(); }
  bool run_round(int round, int epochs) override { return session_.run_round(round, epochs); }
  results::CaseResult finish() override {
    results::CaseResult result = session_.finish();
    session_.close();
    return result;
  }
  const results::CaseResult& partial() const override { return session_.result(); }

 private:
  CaseSession session_;
};

class ChildCaseWorker : public CaseWorker {
 public:
  ChildCaseWorker(const suite::CaseSpec& spec, const ChildOptions& options)
      : token_(make_channel_token()), reader_(token_) {
    result_.spec = spec;
    result_.val_loss = NAN;
    budget_s_ = std::min(spec.timeout_s, 1e9);  // beyond ~30 years the clock would overflow
    const std::string stem = fmt::format("case-{:04d}-{}", spec.index, spec.id);
    log_path_ = (fs::path(options.log_dir) / (stem + ".log")).string();
    std::error_code error;
    fs::create_directories(options.log_dir, error);
    result_.log_path = log_path_;
    start(spec, (fs::path(options.log_dir) / (stem + ".json")).string(), options);
  }

  ~ChildCaseWorker() override { kill_and_reap(); }

  bool set_up() override {
    if (ended_) return false;
    const auto spawned = Clock::now();
    if (!wait_for("setup")) return false;
    const auto& p = result_.phases;
    result_.phases.spawn_ms =
        std::max(0.0, seconds_since(spawned) * 1000.0 -
                          (p.workload_ms + p.verification_ms + p.create_ms + p.warmup_ms));
    return true;
  }

  bool run_round(int round, int epochs) override {
    if (ended_) return false;
    if (!send_command({{"cmd", "round"}, {"round", round}, {"epochs", epochs}})) return false;
    round_done_ = false;
    return wait_for("round_done") && !ended_;
  }

  results::CaseResult finish() override {
    if (!ended_ && send_command({{"cmd", "finish"}})) wait_for("final");
    kill_and_reap();
    if (reader_.junk_bytes() > 0)
      note(
          "lstmbench: case {}: ignored {} bytes on its result channel that were "
          "not messages of this run (a plugin writing to a stray descriptor?)\n",
          result_.spec.index, reader_.junk_bytes());
    return result_;
  }

  const results::CaseResult& partial() const override { return result_; }
  bool interrupted() const override { return interrupted_; }

 private:
  void start(const suite::CaseSpec& spec, const std::string& case_path,
             const ChildOptions& options) {
    const std::vector<std::string>& plugin_dirs = options.plugin_dirs;
    {
      nlohmann::json job = {{"spec", results::spec_to_json(spec)},
                            {"token", token_},
                            {"workload_file", options.workload_file}};
      if (options.reused_verification)
        job["reused_verification"] = results::verification_to_json(*options.reused_verification);
      std::ofstream out(case_path);
      out << json_text(job) << '\n';
      if (!out.flush()) return fail_start("cannot write " + case_path);
    }
    int channel[2], command[2];
    if (pipe2(channel, O_CLOEXEC) != 0) return fail_start(std::string("pipe: ") + strerror(errno));
    if (pipe2(command, O_CLOEXEC) != 0) {
      close(channel[0]);
      close(channel[1]);
      return fail_start(std::string("pipe: ") + strerror(errno));
    }
    std::mt19937 random{std::random_device{}()};
    const int child_channel = free_descriptor(random, -1);
    const int child_command = free_descriptor(random, child_channel);

    std::vector<std::string> argv{plugin::self_executable_path(),
                                  "run-case",
                                  "--case",
                                  case_path,
                                  "--channel-fd",
                                  std::to_string(child_channel),
                                  "--command-fd",
                                  std::to_string(child_command)};
    for (const std::string& dir : plugin_dirs) {
      argv.push_back("--plugin-dir");
      argv.push_back(dir);
    }
    std::vector<std::string> environment;
    if (!options.visible_devices.empty())
      environment.push_back("CUDA_VISIBLE_DEVICES=" + options.visible_devices);
    std::string error;
    pid_ =
        spawn_in_group(argv, log_path_, {{channel[1], child_channel}, {command[0], child_command}},
                       error, environment);
    close(channel[1]);
    close(command[0]);
    channel_fd_ = channel[0];
    command_fd_ = command[1];
    if (pid_ < 0) fail_start(error);
  }

  void fail_start(const std::string& why) {
    result_.status = results::Status::failed;
    result_.reason = why;
    ended_ = true;
  }

  bool send_command(const nlohmann::json& command) {
    if (write_all_to(command_fd_, json_text(command) + "\n")) return true;
    // The child is gone; what it left says why.
    return wait_for("final");
  }

  void handle(const nlohmann::json& message) {
    const std::string type = message["type"].get<std::string>();
    if (type == "epoch" && setup_seen_) {
      if (std::optional<EpochRecord> r = epoch_from_message(message)) {
        append_epoch(result_, *r);
        result_.rounds_run = std::max(result_.rounds_run, r->round);
      }
    } else if (type == "setup" || type == "final") {
      const double spawn_ms = result_.phases.spawn_ms;
      try {
        result_ = results::result_from_json(message.at("result"));
      } catch (const std::exception& e) {
        result_.status = results::Status::failed;
        result_.reason = std::string("the case process sent a malformed result: ") + e.what();
        ended_ = true;
      }
      result_.log_path = log_path_;
      if (!std::isnan(spawn_ms)) result_.phases.spawn_ms = spawn_ms;
      setup_seen_ = true;
      if (type == "final") ended_ = true;
    } else if (type == "round_done") {
      round_done_ = true;
    }
  }

  // Reads the channel until a message of `type` arrives (true), or the case ends: the child
  // sent its final result or died, its time ran out, or the run was interrupted (false unless
  // `type` is "final" and it came).
  bool wait_for(const std::string& type) {
    const auto begin = Clock::now();
    const auto deadline = begin + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(budget_s_));
    bool got = false;
    char buffer[65536];
    while (!got && pid_ > 0) {
      if (interrupt_signal() != 0) {
        interrupted_ = true;
        kill_and_reap();
        break;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) {
        end_by_timeout();
        break;
      }
      pollfd fd{channel_fd_, POLLIN, 0};
      int ready = poll(&fd, 1, static_cast<int>(std::min<long long>(left.count(), 200)));
      if (ready < 0 && errno != EINTR) break;
      if (ready <= 0) continue;
      ssize_t n = read(channel_fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {  // end of file: the child exited or died
        end_by_exit();
        break;
      }
      reader_.feed(buffer, static_cast<std::size_t>(n));
      for (const nlohmann::json& message : reader_.take()) {
        handle(message);
        if (message["type"] == type) got = true;
      }
      if (ended_ && !got) {
        kill_and_reap();
        break;
      }
    }
    budget_s_ -= seconds_since(begin);
    if (ended_ && pid_ > 0) kill_and_reap();
    return got;
  }

  void end_by_timeout() {
    kill_and_reap();
    result_.status = results::Status::timeout;
    std::string last = last_log_line(log_path_);
    result_.reason = fmt::format(
        "no result within timeout_s = {} s (the case's own time: set-up and its rounds); "
        "killed; the {} epochs finished before are kept{}",
        result_.spec.timeout_s, result_.epoch_ms.size(),
        last.empty() ? "" : "; last log line: " + last);
    ended_ = true;
  }

  void end_by_exit() {
    int status = reap();
    if (ended_) return;  // it exited after sending its final result
    std::string last = last_log_line(log_path_);
    std::string tail = last.empty() ? "" : "; last log line: " + last;
    std::string kept =
        result_.epoch_ms.empty()
            ? ""
            : fmt::format("; the {} epochs finished before are kept", result_.epoch_ms.size());
    if (WIFSIGNALED(status)) {
      result_.status = results::Status::crashed;
      if (WTERMSIG(status) == SIGKILL) {
        // Nobody here sent it: the kernel's out-of-memory killer is the usual sender.
        result_.reason = fmt::format(
            "killed: probably out of memory (signal 9, SIGKILL, not sent by lstmbench; peak "
            "resident memory {} of {} on this machine){}{}",
            format_bytes(result_.peak_rss_bytes),
            format_bytes(static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) *
                         sysconf(_SC_PAGESIZE)),
            kept, tail);
      } else {
        result_.reason = "killed by " + describe_signal(WTERMSIG(status)) + kept + tail;
      }
    } else {
      result_.status = results::Status::failed;
      result_.reason = fmt::format("case process exited with code {} without a result{}{}",
                                   WIFEXITED(status) ? WEXITSTATUS(status) : -1, kept, tail);
    }
    ended_ = true;
  }

  // Waits for the child (it closed its channel, so it is exiting); kills its group if it
  // lingers. RETURNS: the wait status.
  int reap() {
    if (pid_ <= 0) return 0;
    int status = 0;
    rusage usage{};
    for (int i = 0; i < 500; ++i) {  // up to ~5 s for a child that sent its result
      pid_t done = wait4(pid_, &status, WNOHANG, &usage);
      if (done == pid_) return finish_reap(status, usage);
      usleep(10000);
    }
    kill(-pid_, SIGKILL);
    wait4(pid_, &status, 0, &usage);
    return finish_reap(status, usage);
  }

  int finish_reap(int status, const rusage& usage) {
    kill(-pid_, SIGKILL);  // what the case left running (a peer it failed to stop)
    result_.peak_rss_bytes = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;
    pid_ = -1;
    close_fds();
    return status;
  }

  void kill_and_reap() {
    if (pid_ > 0) {
      kill(-pid_, SIGKILL);
      int status = 0;
      rusage usage{};
      wait4(pid_, &status, 0, &usage);
      finish_reap(status, usage);
    }
    close_fds();
  }

  void close_fds() {
    if (channel_fd_ >= 0) close(channel_fd_);
    if (command_fd_ >= 0) close(command_fd_);
    channel_fd_ = command_fd_ = -1;
  }

  std::string token_;
  MessageReader reader_;
  results::CaseResult result_;
  std::string log_path_;
  double budget_s_ = 0.0;
  pid_t pid_ = -1;
  int channel_fd_ = -1;
  int command_fd_ = -1;
  bool ended_ = false;
  bool setup_seen_ = false;
  bool round_done_ = false;
  bool interrupted_ = false;
};

}  // namespace

std::unique_ptr<CaseWorker> make_child_worker(const suite::CaseSpec& spec,
                                              const ChildOptions& options) {
  return std::make_unique<ChildCaseWorker>(spec, options);
}

std::unique_ptr<CaseWorker> make_in_process_worker(const suite::CaseSpec& spec,
                                                   const plugin::PluginRegistry& registry,
                                                   const ChildOptions& options) {
  return std::make_unique<InProcessCaseWorker>(spec, registry, options);
}

}  // namespace lstmbench::run
