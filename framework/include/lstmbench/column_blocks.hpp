// Splitting the columns of a matrix product over threads without changing a single bit of the
// result: every output element is written by exactly one thread and summed over the same terms
// in the same order as in one thread, so the numbers are identical for any thread count. Used by
// the reference backend and by the workload's QR.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace lstmbench {

// Runs work(begin, end) over contiguous blocks that cover [0, columns), one block per thread
// (at most `threads`, each a multiple of 8 columns but the last, so no two threads write one
// cache line of doubles), the calling thread taking the first. Returns when every block is done;
// an exception in any block is rethrown here.
inline void for_each_column_block(
    std::size_t columns, std::size_t threads,
    const std::function<void(std::size_t begin, std::size_t end)>& work) {
  constexpr std::size_t kLine = 8;  // doubles per 64-byte cache line
  const std::size_t lines = (columns + kLine - 1) / kLine;
  const std::size_t blocks = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(lines, 1));
  if (blocks == 1) {
    work(0, columns);
    return;
  }
  auto block = [&](std::size_t k) { return std::min(columns, (lines * k / blocks) * kLine); };
  std::vector<std::exception_ptr> errors(blocks);
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(blocks - 1);
    for (std::size_t k = 1; k < blocks; ++k)
      helpers.emplace_back([&, k] {
        try {
          work(block(k), block(k + 1));
        } catch (...) {
          errors[k] = std::current_exception();
        }
      });
    try {
      work(block(0), block(1));
    } catch (...) {
      errors[0] = std::current_exception();
    }
  }  // the jthreads join here
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace lstmbench
