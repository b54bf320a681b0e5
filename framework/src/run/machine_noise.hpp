// What the machine did besides this case during an epoch, from /proc/stat (every CPU's time by
// kind) and getrusage (this process's own CPU time). On a shared VM two things slow a case that
// it cannot see from inside: the hypervisor running other guests on our CPUs (steal time), and
// other processes on this machine. Both are recorded per epoch so a report can say why a case
// was noisy instead of only that it was.
#pragma once

#include <cstdint>

namespace lstmbench::run {

struct EpochNoise {
  double steal = 0.0;      // stolen share of all CPU time in the interval, 0..1; NaN unknown
  double other_cpu = 0.0;  // share of the machine's CPU capacity used by other processes; NaN
};

class NoiseProbe {
 public:
  // Starts an interval now.
  void start();
  // RETURNS: the noise over the interval since start().
  EpochNoise stop();

 private:
  struct CpuTicks {
    bool valid = false;
    std::uint64_t busy = 0;  // user + nice + system + irq + softirq
    std::uint64_t steal = 0;
    std::uint64_t total = 0;  // everything, idle and iowait included
  };
  static CpuTicks read_proc_stat();
  static double own_cpu_seconds();
  static double now_seconds();

  CpuTicks ticks_;
  double own_cpu_s_ = 0.0;
  double wall_s_ = 0.0;
};

}  // namespace lstmbench::run
