// `run --devices 0,1,2,3`: the device ids a run spreads its cases over, one case process per
// device at a time, each seeing only its own device (CUDA_VISIBLE_DEVICES).
#pragma once

#include <string>
#include <vector>

namespace lstmbench::run {

// RETURNS: the ids of "0,1,2,3", in the order given.
// THROWS: Error naming the text and the entry at fault: an empty list or entry, an entry that is
// not a non-negative integer, or an id given twice.
std::vector<int> parse_device_list(const std::string& text);

}  // namespace lstmbench::run
