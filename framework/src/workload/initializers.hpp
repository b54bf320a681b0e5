// Keras's default initialisers, drawn from the workload's own generator so that every backend
// starts from the same weights (docs/canonical-weights.md, "Initial values"). Keras draws from
// TensorFlow's or JAX's generator, so the values differ from a Keras run with the same seed; the
// distributions are Keras's.
#pragma once

#include <cstddef>
#include <vector>

#include "workload/random_stream.hpp"

namespace lstmbench::workload {

// Fills out[0 .. rows*cols) (row-major [rows][cols]) with glorot-uniform values:
// U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)), fan_in = rows, fan_out = cols.
// RETURNS: limit.
double glorot_uniform(RandomStream& random, std::size_t rows, std::size_t cols, float* out);

// Fills out (row-major [rows][cols]) with Keras's Orthogonal(gain=1): a normal matrix of shape
// (max(rows, cols), min(rows, cols)) drawn row by row, its reduced QR, Q's columns multiplied
// by sign(diag(R)), transposed when rows < cols. The result has orthonormal rows (rows <= cols)
// or orthonormal columns (rows >= cols).
void orthogonal(RandomStream& random, std::size_t rows, std::size_t cols, float* out);

}  // namespace lstmbench::workload
