// A strict RFC 4180 reader for the embedded ad-specs CSV.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace strategy::internal {

// Splits `text` into records of fields. Fields may be quoted ("a, b"), with "" for a quote
// inside; records end with LF or CRLF; a final record without a line end is kept; blank lines
// are skipped. Throws std::logic_error on an unterminated quote or text after a closing quote.
std::vector<std::vector<std::string>> parse_csv(std::string_view text);

}  // namespace strategy::internal
