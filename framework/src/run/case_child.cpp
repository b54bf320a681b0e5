// The child side of a case: `lstmbench run-case --case FILE --channel-fd N --command-fd M`.
// Sets the case up, then runs rounds as the runner asks, streaming every epoch, and sends the
// final result before the session is destroyed (a plugin whose destructor crashes loses
// nothing). Protocol: session_protocol.hpp.
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "common/diagnostics.hpp"
#include "common/error.hpp"
#include "plugin/self_path.hpp"
#include "results/result_json.hpp"
#include "run/child_process.hpp"
#include "run/cpu_affinity.hpp"
#include "run/session_protocol.hpp"
#include "run/suite_runner.hpp"

namespace lstmbench::run {

namespace {

// One command line from the runner; nothing at end of file (the runner is gone).
std::optional<nlohmann::json> read_command(int fd) {
  std::string line;
  char c;
  for (;;) {
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    if (c == '\n') break;
    line.push_back(c);
  }
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

}  // namespace

int run_case_child(const std::string& case_json_path, int channel_fd, int command_fd,
                   const std::vector<std::string>& plugin_dirs) {
  die_with_parent();
  ::signal(SIGPIPE, SIG_IGN);  // a runner gone mid-write is an error return, not a kill
  // Programs this case starts (external peers) must not hold either pipe open.
  fcntl(channel_fd, F_SETFD, FD_CLOEXEC);
  fcntl(command_fd, F_SETFD, FD_CLOEXEC);
  std::ifstream in(case_json_path);
  nlohmann::json job = nlohmann::json::parse(in, nullptr, false);
  if (job.is_discarded() || !job.contains("spec") || !job.contains("token")) {
    note("{}: not a case description\n", case_json_path);
    return 2;
  }
  const std::string token = job["token"].get<std::string>();
  auto send = [&](const nlohmann::json& message) {
    return write_all_to(channel_fd, frame_message(message, token));
  };

  suite::CaseSpec spec = results::spec_from_json(job["spec"]);
  // Pinned before any plugin loads, so every thread a backend starts inherits the CPU set.
  try {
    if (!spec.cpus.empty()) pin_to_cpus(parse_cpu_list(spec.cpus));
  } catch (const Error& e) {
    note("{}\n", e.what());
    return 2;
  }
  plugin::PluginRegistry registry;
  registry.load_folders(plugin::plugin_search_path(plugin_dirs));
  for (const auto& failure : registry.failures())
    note("plugin {} not loaded: {}\n", failure.path, failure.reason);

  std::optional<results::Verification> reused;
  if (job.contains("reused_verification"))
    reused = results::verification_from_json(job["reused_verification"]);
  CaseSession session(spec, registry, job.value("workload_file", ""), reused);
  auto on_epoch = [&](const EpochRecord& record) { send(epoch_message(record)); };
  auto send_final_and_exit = [&]() {
    bool sent = send({{"type", "final"}, {"result", results::result_to_json(session.finish())}});
    std::fflush(nullptr);
    // The result is out: the plugin's destructor and library teardown may now fail without
    // turning a finished case into a crashed one, so both run after the send, and the exit
    // skips static destructors.
    session.close();
    std::fflush(nullptr);
    _exit(sent ? 0 : 3);
  };

  if (!session.set_up(on_epoch)) send_final_and_exit();
  send({{"type", "setup"}, {"result", results::result_to_json(session.result())}});
  for (;;) {
    std::optional<nlohmann::json> command = read_command(command_fd);
    if (!command) _exit(1);  // the runner is gone: nothing to report to
    const std::string cmd = command->value("cmd", "");
    if (cmd == "round") {
      const int round = command->value("round", 0);
      bool going_on = session.run_round(round, command->value("epochs", 0), on_epoch);
      send({{"type", "round_done"}, {"round", round}});
      if (!going_on) send_final_and_exit();
    } else {
      send_final_and_exit();
    }
  }
}

}  // namespace lstmbench::run
