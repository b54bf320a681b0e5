// epoch_order (workload.hpp): each epoch draws from its own stream, indexed by the epoch, so an
// epoch's order does not depend on how many epochs ran before it (a resumed or shortened run
// sees the same batches).
#include <numeric>

#include "workload/random_stream.hpp"
#include "workload/workload.hpp"

namespace lstmbench::workload {

std::vector<std::int32_t> epoch_order(std::uint64_t seed, int epoch, std::size_t num_train) {
  std::vector<std::int32_t> order(num_train);
  std::iota(order.begin(), order.end(), 0);
  RandomStream random(seed, Stream::kEpochOrder, static_cast<std::uint64_t>(epoch));
  // Fisher-Yates, from the back: position i swaps with j uniform in [0, i].
  for (std::size_t i = num_train; i > 1; --i) {
    const std::size_t j = random.below(i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

}  // namespace lstmbench::workload
