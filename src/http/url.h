// Percent-decoding of request targets (RFC 3986) and application/x-www-form-urlencoded query
// strings. Pure functions, safe from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace http {

// Decodes %XX escapes; with plus_as_space, '+' becomes ' ' (query strings). Returns nullopt for
// a malformed escape ("%4", "%zz") or an escape that decodes to NUL.
std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space);

// "a=1&b=x+y&c" → {a: "1", b: "x y", c: ""}; empty pieces are skipped, repeated keys kept in
// order. Returns nullopt when any key or value is malformed.
std::optional<std::multimap<std::string, std::string>> parse_query(std::string_view query);

}  // namespace http
