// Resolves the bearer credential of a request to a Principal.
//
// Two credentials are accepted in `Authorization: Bearer …`: an API key ("msk_…", looked up by
// its BLAKE2b hash) or a JWT issued by POST /api/v1/auth/token. Verified API keys are remembered
// in the given in-process cache for a few seconds (`key_ttl`), so a hot endpoint costs no
// database round trip for authentication; a revocation therefore takes effect within that TTL on
// other replicas, and at once on the replica that revoked the key (it calls forget()).
// Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "api/principal.h"

namespace store { class Database; }
namespace security { class JwtCodec; }
namespace cache { class Cache; }

namespace api {

enum class AuthFailure { missing, malformed, invalid, expired, revoked };

struct AuthResult {
  std::optional<Principal> principal;
  AuthFailure failure = AuthFailure::missing;
  std::string reason;  // safe to show the caller
};

class Authenticator {
 public:
  // `key_cache` holds verified keys by hash (an LruCache: per process, so revocation is local).
  Authenticator(store::Database& db, const security::JwtCodec& jwt, cache::Cache& key_cache,
                std::chrono::seconds key_ttl);

  // Checks the Authorization header's value (may be absent).
  AuthResult authenticate(std::optional<std::string_view> authorization);

  // Drops a cached API key at once (after revocation).
  void forget(const std::string& key_hash);

 private:
  AuthResult from_api_key(std::string_view key);
  AuthResult from_jwt(std::string_view token) const;

  store::Database& db_;
  const security::JwtCodec& jwt_;
  cache::Cache& keys_;
  std::chrono::seconds key_ttl_;
};

}  // namespace api
