#include "run/cpu_affinity.hpp"

#include <fmt/format.h>
#include <sched.h>

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

void check_cpus_usable(const std::vector<int>& cpus, const std::string& text) {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
    throw Error("cpus " + text,
                fmt::format("cannot read this process's CPU set: {}", std::strerror(errno)));
  for (int cpu : cpus)
    if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed))
      throw Error("cpus " + text,
                  fmt::format("CPU {} is not one this process may run on ({} usable here)", cpu,
                              CPU_COUNT(&allowed)));
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
