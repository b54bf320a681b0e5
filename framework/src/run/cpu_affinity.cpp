#include "run/cpu_affinity.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/error.hpp"
#include "run/device_list.hpp"

namespace lstmbench::run {

std::vector<int> parse_cpu_list(const std::string& text) {
  if (text.empty()) return {};
  return parse_id_list(text, {.option = "cpus",
                              .noun = "CPU",
                              .example = "cpus = \"0\" or --set cpus=0,1",
                              .once = "a CPU set names each CPU once"});
}

std::vector<int> usable_cpus() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
    throw Error("cpus",
                fmt::format("cannot read this process's CPU set: {}", std::strerror(errno)));
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &allowed)) cpus.push_back(cpu);
  return cpus;
}

void check_cpus_usable(const std::vector<int>& cpus, const std::string& text) {
  const std::vector<int> allowed = usable_cpus();
  for (int cpu : cpus)
    if (std::find(allowed.begin(), allowed.end(), cpu) == allowed.end())
      throw Error("cpus " + text,
                  fmt::format("CPU {} is not one this process may run on ({} usable here)", cpu,
                              allowed.size()));
}

void pin_to_cpus(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : cpus)
    if (cpu < CPU_SETSIZE) CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    throw Error("cpus", fmt::format("cannot pin this case to its CPUs: {}", std::strerror(errno)));
}

}  // namespace lstmbench::run
