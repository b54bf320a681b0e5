// Splitting the columns of a matrix product over threads without changing a single bit of the
// result: every output element is written by exactly one thread and summed over the same terms
// in the same order as in one thread, so the reference gives identical numbers for any count.
#pragma once

#include <cstddef>
#include <functional>

namespace lstmbench::reference {

// Runs work(begin, end) over contiguous blocks that cover [0, columns), one block per thread
// (at most `threads`, each a multiple of 8 columns but the last, so no two threads write one
// cache line), the calling thread taking the first. Returns when every block is done; an
// exception in any block is rethrown here.
void for_each_column_block(std::size_t columns, std::size_t threads,
                           const std::function<void(std::size_t begin, std::size_t end)>& work);

}  // namespace lstmbench::reference
