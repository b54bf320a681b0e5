#include "run/environment.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <string_view>
#include <thread>

extern char** environ;

namespace lstmbench::run {

using nlohmann::json;

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

std::string os_name() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      std::string value = line.substr(12);
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      return value;
    }
  return "unknown";
}

// The commit of the source tree this binary was built from, read when the run starts (a build
// configured before the last commit would otherwise report an older one); "-dirty" when the
// tree has uncommitted changes outside reports/ (a run rewriting a committed report still runs
// the committed code). Falls back to the commit seen at configure time.
std::string git_commit() {
  std::string command = "git -C '" LSTMBENCH_SOURCE_DIR
                        "' rev-parse --short=12 HEAD 2>/dev/null"
                        " && git -C '" LSTMBENCH_SOURCE_DIR
                        "' status --porcelain"
                        " --untracked-files=no -- . ':(exclude)reports' 2>/dev/null | head -c1";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[256];
    while (fgets(buffer, sizeof buffer, pipe)) output += buffer;
    pclose(pipe);
  }
  std::size_t newline = output.find('\n');
  if (newline == std::string::npos || newline == 0) return LSTMBENCH_GIT_COMMIT;
  bool dirty = newline + 1 < output.size();
  return output.substr(0, newline) + (dirty ? "-dirty" : "");
}

std::string utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

}  // namespace

json backend_settings(char** variables) {
  // Threads, idle spinning, instruction set, algorithm choice, device visibility: libraries
  // read these at start-up, and the case processes inherit them from the runner.
  static constexpr std::string_view kPrefixes[] = {
      "OMP_",  "GOMP_",   "KMP_",   "MKL_",     "DNNL_",  "ONEDNN_", "OPENBLAS_",
      "CUDA_", "CUBLAS_", "CUDNN_", "PYTORCH_", "TORCH_", "TF_",     "XLA_FLAGS"};
  std::map<std::string, std::string> chosen;  // sorted by name: runs diff cleanly
  for (char** entry = variables; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view name = text.substr(0, equals);
    for (std::string_view prefix : kPrefixes)
      if (name.starts_with(prefix)) {
        chosen.emplace(name, text.substr(equals + 1));
        break;
      }
  }
  return chosen;
}

json host_environment(const std::string& command) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return json{{"command", command},
              {"date", utc_now()},
              {"host", host},
              {"cpu", cpu_model()},
              {"cores", std::thread::hardware_concurrency()},
              {"os", os_name()},
              {"compiler", std::string("g++ ") + __VERSION__},
              {"lstmbench", LSTMBENCH_VERSION},
              {"git_commit", git_commit()},
              {"backend_settings", backend_settings(environ)}};
}

json plugin_environment(const plugin::PluginRegistry& registry) {
  json plugins = json::array();
  for (const auto& p : registry.plugins()) {
    const lb_plugin& d = *p->descriptor;
    json entry{{"name", d.name},
               {"version", d.version ? d.version : ""},
               {"path", p->path},
               {"build_info", d.build_info ? d.build_info : ""}};
    json backends = json::array();
    for (std::uint32_t i = 0; i < d.num_backends; ++i) {
      const lb_backend& b = d.backends[i];
      backends.push_back({{"name", b.name},
                          {"description", b.description ? b.description : ""},
                          {"device", b.device_kind ? b.device_kind : ""},
                          {"precisions", b.precisions ? b.precisions : ""},
                          {"modes", b.modes ? b.modes : ""},
                          {"options", b.options ? b.options : ""}});
    }
    entry["backends"] = backends;
    if (d.describe_environment) {
      std::string buffer(16384, '\0');
      if (d.describe_environment(buffer.data(), buffer.size()) == LB_OK) {
        json env = json::parse(buffer.c_str(), nullptr, false);
        entry["environment"] = env.is_discarded() ? json(buffer.c_str()) : env;
      }
    }
    plugins.push_back(entry);
  }
  json failures = json::array();
  for (const auto& f : registry.failures())
    failures.push_back({{"path", f.path}, {"reason", f.reason}});
  return json{{"plugins", plugins}, {"load_failures", failures}};
}

}  // namespace lstmbench::run
