// Standard base64 (RFC 4648 §4, with padding) through libsodium, for storing binary artifacts
// in text columns. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace security {

std::string base64_encode(std::string_view bytes);
// Throws std::invalid_argument when `text` is not padded standard base64.
std::string base64_decode(std::string_view text);

}  // namespace security
