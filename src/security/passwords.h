// Password hashing with argon2id (libsodium crypto_pwhash_str_alg, ARGON2ID13).
//
// Hashes are self-describing PHC strings ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash") that
// carry their own salt and cost, so a stored hash stays verifiable after the defaults change;
// password_needs_rehash() tells when to upgrade one at the next successful login.
// All functions are thread-safe. Each hash/verify at the default cost takes ~50 ms of CPU and
// 64 MiB of memory: run them off the I/O threads and bound their concurrency.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace security {

struct PasswordHashOptions {
  // Defaults are libsodium's *_INTERACTIVE limits for argon2id (2 passes, 64 MiB).
  std::uint64_t ops_limit = 2;
  std::size_t mem_limit_bytes = 64u << 20;

  // The smallest cost argon2id accepts (1 pass, 8 KiB): for tests only, never for real users.
  static PasswordHashOptions minimum_for_tests() { return {1, 8u << 10}; }
};

// Returns the argon2id PHC string for `password` with a fresh random salt.
// Throws std::invalid_argument for an empty password or limits outside argon2id's range, and
// std::runtime_error if libsodium cannot allocate the working memory.
std::string hash_password(std::string_view password, const PasswordHashOptions& options = {});

// True when `password` matches `hash` (a string from hash_password). A malformed or foreign
// hash, or an empty password, gives false; nothing throws. Constant-time in the password.
bool verify_password(std::string_view hash, std::string_view password);

// True when `hash` was made with other limits than `options` (or is not an argon2id hash), so
// the caller should re-hash the password it has just verified and store the new hash.
bool password_needs_rehash(std::string_view hash, const PasswordHashOptions& options = {});

}  // namespace security
