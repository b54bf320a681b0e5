#include "column_blocks.hpp"

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace lstmbench::reference {

void for_each_column_block(std::size_t columns, std::size_t threads,
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

}  // namespace lstmbench::reference
