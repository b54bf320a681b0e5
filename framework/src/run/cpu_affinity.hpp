// The `cpus` setting: the CPUs every case process runs on. On a virtual machine a process that
// the scheduler moves between vCPUs after each wait lands on a vCPU that was idle and runs slower
// for a while; one case process pinned to one CPU runs at one speed (docs/measuring.md).
#pragma once

#include <string>
#include <vector>

namespace lstmbench::run {

// RETURNS: the CPUs of a `cpus` value such as "0" or "0,2"; empty for "" (no pinning).
// THROWS: Error naming the value and the entry at fault (parse_id_list).
std::vector<int> parse_cpu_list(const std::string& text);

// RETURNS: the CPUs this process may run on, ascending (its affinity mask: all present CPUs, or
// the set taskset or a container started it with).
// THROWS: Error with the system's reason when the mask cannot be read.
std::vector<int> usable_cpus();

// THROWS: Error naming the value and the first CPU this process may not run on (not present, or
// outside the CPU set it was started with, e.g. by taskset or a container).
void check_cpus_usable(const std::vector<int>& cpus, const std::string& text);

// Pins the calling process's thread, and every thread it starts later, to `cpus`.
// THROWS: Error with the system's reason when the kernel refuses.
void pin_to_cpus(const std::vector<int>& cpus);

}  // namespace lstmbench::run
