#include "run/machine_noise.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <string>

namespace lstmbench::run {

NoiseProbe::CpuTicks NoiseProbe::read_proc_stat() {
  // First line: "cpu  user nice system idle iowait irq softirq steal guest guest_nice".
  std::ifstream in("/proc/stat");
  std::string label;
  std::uint64_t f[8] = {};
  CpuTicks t;
  if (!(in >> label) || label != "cpu") return t;
  for (auto& v : f)
    if (!(in >> v)) return t;
  t.valid = true;
  t.busy = f[0] + f[1] + f[2] + f[5] + f[6];
  t.steal = f[7];
  t.total = f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7];
  return t;
}

double NoiseProbe::own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // every thread of this process (oneDNN's, OpenMP's, ...)
  auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double NoiseProbe::now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void NoiseProbe::start() {
  ticks_ = read_proc_stat();
  own_cpu_s_ = own_cpu_seconds();
  wall_s_ = now_seconds();
}

EpochNoise NoiseProbe::stop() {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const CpuTicks end = read_proc_stat();
  const double own_s = own_cpu_seconds() - own_cpu_s_;
  const double wall_s = now_seconds() - wall_s_;
  EpochNoise noise;
  if (gpu_) noise.gpu = gpu_->sample();
  if (!ticks_.valid || !end.valid || end.total <= ticks_.total) {
    noise.steal = noise.other_cpu = kNaN;
    return noise;
  }
  const double ticks_per_s = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double cpus = static_cast<double>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  const double total = static_cast<double>(end.total - ticks_.total);
  noise.steal = static_cast<double>(end.steal - ticks_.steal) / total;
  // /proc/stat counts in ticks (10 ms): over a short epoch the share is coarse, which is why
  // reports use it summed over a case's epochs, not one epoch at a time.
  const double busy_s = static_cast<double>(end.busy - ticks_.busy) / ticks_per_s;
  noise.other_cpu = wall_s > 0 ? std::clamp((busy_s - own_s) / (wall_s * cpus), 0.0, 1.0) : kNaN;
  return noise;
}

}  // namespace lstmbench::run
