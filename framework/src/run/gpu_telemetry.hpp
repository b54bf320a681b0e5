// The GPU's SM clock, temperature and power at the end of each epoch, from NVML, so that a
// report can say a GPU case was slow because its clock dropped (thermal or power capping, or
// another job on the card), as nvbench records clocks beside its times.
//
// NVML is opened at run time (libnvidia-ml.so.1, installed with the NVIDIA driver): lstmbench
// neither builds nor runs against it, and on a machine without it every sample is unknown.
#pragma once

#include <memory>
#include <string>

namespace lstmbench::run {

struct GpuSample {
  double sm_clock_mhz;   // NaN: unknown
  double temperature_c;  // NaN: unknown
  double power_w;        // NaN: unknown
};

// RETURNS: the device a CUDA program sees as device 0, as NVML names it: the first entry of
// CUDA_VISIBLE_DEVICES (an index, or a GPU-/MIG- UUID), "0" when the variable is unset or empty.
// Indices are NVML's (PCI bus order); they match CUDA's where CUDA_DEVICE_ORDER=PCI_BUS_ID or
// every GPU of the machine is alike.
std::string first_visible_gpu(const char* cuda_visible_devices);

class GpuTelemetry {
 public:
  // RETURNS: telemetry for the device, or nullptr with the reason in *why (no NVML library, no
  // such device).
  static std::unique_ptr<GpuTelemetry> open(const std::string& device, std::string* why);
  ~GpuTelemetry();
  GpuTelemetry(const GpuTelemetry&) = delete;
  GpuTelemetry& operator=(const GpuTelemetry&) = delete;

  // RETURNS: the device's state now; each value the driver does not report is NaN.
  GpuSample sample() const;

 private:
  struct Nvml;
  explicit GpuTelemetry(std::unique_ptr<Nvml> nvml);
  std::unique_ptr<Nvml> nvml_;
};

}  // namespace lstmbench::run
