#include "run/gpu_telemetry.hpp"

#include <dlfcn.h>

#include <cctype>
#include <limits>

namespace lstmbench::run {
namespace {

// The few NVML declarations used here (nvml.h; values fixed by NVML's stable C ABI).
using NvmlReturn = int;
using NvmlDevice = struct NvmlDeviceOpaque*;
constexpr NvmlReturn kNvmlSuccess = 0;
constexpr int kNvmlClockSm = 1;         // NVML_CLOCK_SM
constexpr int kNvmlTemperatureGpu = 0;  // NVML_TEMPERATURE_GPU

}  // namespace

struct GpuTelemetry::Nvml {
  void* library = nullptr;
  NvmlDevice device = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  NvmlReturn (*clock)(NvmlDevice, int, unsigned*) = nullptr;
  NvmlReturn (*temperature)(NvmlDevice, int, unsigned*) = nullptr;
  NvmlReturn (*power_mw)(NvmlDevice, unsigned*) = nullptr;
  bool initialised = false;

  ~Nvml() {
    if (initialised && shutdown) shutdown();
    if (library) dlclose(library);
  }
  template <typename F>
  bool find(const char* name, F*& f) {
    f = reinterpret_cast<F*>(dlsym(library, name));
    return f != nullptr;
  }
};

std::string first_visible_gpu(const char* cuda_visible_devices) {
  const std::string all = cuda_visible_devices ? cuda_visible_devices : "";
  std::string first = all.substr(0, all.find(','));
  while (!first.empty() && std::isspace(static_cast<unsigned char>(first.back()))) first.pop_back();
  while (!first.empty() && std::isspace(static_cast<unsigned char>(first.front())))
    first.erase(first.begin());
  return first.empty() ? "0" : first;
}

std::unique_ptr<GpuTelemetry> GpuTelemetry::open(const std::string& device, std::string* why) {
  auto fail = [&](std::string reason) {
    if (why) *why = std::move(reason);
    return std::unique_ptr<GpuTelemetry>();
  };
  auto nvml = std::make_unique<Nvml>();
  nvml->library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!nvml->library) return fail("NVML not found (libnvidia-ml.so.1 comes with the driver)");
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*by_index)(unsigned, NvmlDevice*) = nullptr;
  NvmlReturn (*by_uuid)(const char*, NvmlDevice*) = nullptr;
  if (!nvml->find("nvmlInit_v2", init) || !nvml->find("nvmlShutdown", nvml->shutdown) ||
      !nvml->find("nvmlDeviceGetHandleByIndex_v2", by_index) ||
      !nvml->find("nvmlDeviceGetHandleByUUID", by_uuid) ||
      !nvml->find("nvmlDeviceGetClockInfo", nvml->clock) ||
      !nvml->find("nvmlDeviceGetTemperature", nvml->temperature) ||
      !nvml->find("nvmlDeviceGetPowerUsage", nvml->power_mw))
    return fail("NVML lacks a function lstmbench reads");
  if (init() != kNvmlSuccess) return fail("nvmlInit failed");
  nvml->initialised = true;
  const bool is_index = !device.empty() && device.size() < 4 &&
                        device.find_first_not_of("0123456789") == std::string::npos;
  const NvmlReturn found = is_index
                               ? by_index(static_cast<unsigned>(std::stoul(device)), &nvml->device)
                               : by_uuid(device.c_str(), &nvml->device);
  if (found != kNvmlSuccess) return fail("NVML has no device '" + device + "'");
  return std::unique_ptr<GpuTelemetry>(new GpuTelemetry(std::move(nvml)));
}

GpuTelemetry::GpuTelemetry(std::unique_ptr<Nvml> nvml) : nvml_(std::move(nvml)) {}
GpuTelemetry::~GpuTelemetry() = default;

GpuSample GpuTelemetry::sample() const {
  constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();
  GpuSample s{kUnknown, kUnknown, kUnknown};
  unsigned value = 0;
  if (nvml_->clock(nvml_->device, kNvmlClockSm, &value) == kNvmlSuccess) s.sm_clock_mhz = value;
  if (nvml_->temperature(nvml_->device, kNvmlTemperatureGpu, &value) == kNvmlSuccess)
    s.temperature_c = value;
  if (nvml_->power_mw(nvml_->device, &value) == kNvmlSuccess) s.power_w = value / 1000.0;
  return s;
}

}  // namespace lstmbench::run
