// LSTMBENCH_VECTOR_CLONES: gives a function an AVX2 copy besides the baseline x86-64 one, picked
// when the library is loaded (GCC's target_clones). For exact arithmetic shared by the framework
// and plugins (the workload's QR, the reference backend): target "avx2" does not enable FMA, so
// the vector copy does the same IEEE multiplications and additions as the scalar one, and a
// loop whose elements are independent gives the same bits on every x86-64 machine. Elsewhere
// (clang, other architectures) it expands to nothing.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LSTMBENCH_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define LSTMBENCH_VECTOR_CLONES
#endif
