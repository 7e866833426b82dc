// API keys for machine clients: "msk_" followed by 40 base62 characters (≈238 bits).
//
// Only the hash is stored. Because the key itself carries far more entropy than any password,
// a fast unsalted hash (BLAKE2b-256, libsodium crypto_generichash) is enough, and it lets the
// key be looked up by its hash in one indexed query. All functions are thread-safe; none throws
// except generate_api_key (std::runtime_error if libsodium cannot initialise).
#pragma once

#include <string>
#include <string_view>

namespace security {

inline constexpr std::string_view kApiKeyPrefix = "msk_";

struct NewApiKey {
  std::string plaintext;  // "msk_" + 40 base62 characters; shown to the user once, never stored
  std::string prefix;     // the first 12 characters of plaintext, stored for display
  std::string hash;       // hash_api_key(plaintext), stored and indexed for lookup
};

// A fresh random key with its display prefix and hash.
NewApiKey generate_api_key();

// BLAKE2b-256 of `plaintext` as 64 lowercase hex characters. Defined for any input (the empty
// string included), so it doubles as the module's BLAKE2b-256 helper.
std::string hash_api_key(std::string_view plaintext);

// True when `text` has the shape of a key from generate_api_key(): the "msk_" prefix and exactly
// 40 base62 characters. Check this before any lookup so junk never reaches the database.
bool looks_like_api_key(std::string_view text);

}  // namespace security
