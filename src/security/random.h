// Random identifiers and tokens from libsodium's CSPRNG (randombytes_*).
//
// Every function here is thread-safe and initialises libsodium on first use. They throw
// std::runtime_error only if libsodium cannot initialise, which means the process has no
// usable entropy source.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace security {

// `bytes` random bytes as 2*bytes lowercase hex characters.
std::string random_hex(std::size_t bytes);

// `chars` characters drawn uniformly from [0-9A-Za-z] (randombytes_uniform, so no modulo
// bias): log2(62) ≈ 5.95 bits of entropy per character.
std::string random_base62(std::size_t chars);

// A new opaque identifier: `prefix` + '_' + 20 base62 characters (≈119 bits), e.g.
// new_id("cmp") == "cmp_4fQ1x…". A prefix that already ends in '_' is used as is; an empty
// prefix gives the 20 characters alone.
std::string new_id(std::string_view prefix);

}  // namespace security
