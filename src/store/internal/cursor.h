// Opaque pagination cursors: a list of text parts, base64url-encoded. Internal to store/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace store::internal {

std::string encode_cursor(const std::vector<std::string>& parts);
// Decodes a cursor made by encode_cursor with exactly `parts` parts whose first part is `kind`.
// Throws InvalidArgument on anything else.
std::vector<std::string> decode_cursor(std::string_view cursor, std::string_view kind,
                                       std::size_t parts);

}  // namespace store::internal
