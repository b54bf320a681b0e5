// Faults that leave the CUDA context unusable ("sticky" errors: an illegal address, a failed
// launch, a device-side assert, ...). After one, every later CUDA call in this process returns the
// same error, so nothing may be retried here: not the standard algorithm, not a second Trainer.
// The message says so and names what to do instead; the runner recognises it by its first words.
#pragma once

#include <cuda_runtime.h>

#include <string>
#include <string_view>

namespace lstmbench::cudnn_backend {

// Every message about a sticky fault starts with this, so a runner can tell it from a rejection.
inline constexpr std::string_view kStickyFaultMarker = "cuda fault (sticky):";

// RETURNS: whether status is one of the errors the CUDA runtime documents as leaving the process
// in an inconsistent state ("the process must be terminated and relaunched").
bool is_sticky(cudaError_t status);

// Waits for the device and RETURNS: the sticky error the context is in, or cudaSuccess when it is
// still usable (a non-sticky error from an earlier call is left alone).
cudaError_t sticky_error();

// RETURNS: the message for a sticky fault while `algo` ran; `what` is the failing call's text.
// A persistent algorithm's message ends in the advice to rerun with algo=standard.
std::string sticky_fault_message(std::string_view algo, bool persistent, std::string_view what,
                                 cudaError_t fault);

}  // namespace lstmbench::cudnn_backend
