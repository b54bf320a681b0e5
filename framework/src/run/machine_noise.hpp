// What the machine did besides this case during an epoch, from /proc/stat (every CPU's time by
// kind) and getrusage (this process's own CPU time). On a shared VM two things slow a case that
// it cannot see from inside: the hypervisor running other guests on our CPUs (steal time), and
// other processes on this machine. Both are recorded per epoch so a report can say why a case
// was noisy instead of only that it was.
#pragma once

#include <cstdint>
#include <limits>

#include "run/gpu_telemetry.hpp"

namespace lstmbench::run {

struct EpochNoise {
  double steal = 0.0;      // stolen share of all CPU time in the interval, 0..1; NaN unknown
  double other_cpu = 0.0;  // share of the machine's CPU capacity used by other processes; NaN
  // The case's GPU at the end of the epoch (unknown on CPU cases and without NVML).
  GpuSample gpu{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                std::numeric_limits<double>::quiet_NaN()};
};

class NoiseProbe {
 public:
  // gpu: sampled at the end of each interval; may be null (nothing sampled). Not owned.
  explicit NoiseProbe(const GpuTelemetry* gpu = nullptr) : gpu_(gpu) {}
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

  const GpuTelemetry* gpu_;
  CpuTicks ticks_;
  double own_cpu_s_ = 0.0;
  double wall_s_ = 0.0;
};

}  // namespace lstmbench::run
