// Lists of ids given on the command line or in a suite: `run --devices 0,1,2,3` (the devices a
// run spreads its cases over, one case process per device at a time, each seeing only its own
// device through CUDA_VISIBLE_DEVICES) and the `cpus` setting (the CPUs case processes run on).
#pragma once

#include <string>
#include <vector>

namespace lstmbench::run {

// How a list's errors name what is wrong.
struct IdListWords {
  std::string option;   // what the text was given as: "--devices", "cpus"
  std::string noun;     // one entry: "device", "CPU"
  std::string example;  // a valid list, for the usage line: "--devices 0,1,2,3"
  std::string once;     // why an id may be listed once: "each device runs one case at a time"
};

// RETURNS: the ids of "0,1,2,3", in the order given.
// THROWS: Error naming the text and the entry at fault: an empty list or entry, an entry that is
// not a non-negative integer, or an id given twice.
std::vector<int> parse_id_list(const std::string& text, const IdListWords& words);

// parse_id_list with the words of `run --devices`.
std::vector<int> parse_device_list(const std::string& text);

}  // namespace lstmbench::run
