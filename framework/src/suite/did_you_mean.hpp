// "Did you mean ...?" for misspelt names: the closest known name by edit distance, offered only
// when it is close enough to be a plausible typo rather than a different word.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lstmbench::suite {

// Levenshtein distance (insertions, deletions and substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

// RETURNS: the candidate closest to `word`, if its distance is at most max(2, |word| / 3);
// ties go to the first candidate in the list.
std::optional<std::string> closest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);

// RETURNS: "; did you mean 'x'?" or "" when nothing is close.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace lstmbench::suite
