#include "api/auth.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "cache/cache.h"
#include "security/api_keys.h"
#include "security/jwt.h"
#include "store/api_keys.h"
#include "store/database.h"

namespace api {
namespace {

AuthResult failure(AuthFailure kind, std::string reason) {
  AuthResult r;
  r.failure = kind;
  r.reason = std::move(reason);
  return r;
}

std::optional<Principal> principal_from(std::string tenant, std::string subject,
                                        std::string_view role_text,
                                        std::optional<std::string> client_id) {
  auto role = role_from_name(role_text);
  if (!role) return std::nullopt;
  Principal p;
  p.tenant_id = std::move(tenant);
  p.subject_kind = subject.rfind("usr_", 0) == 0 ? "user" : "api_key";
  p.subject = std::move(subject);
  p.role = *role;
  p.client_id = std::move(client_id);
  return p;
}

// A principal as one cache value: its fields joined by the unit separator.
constexpr char kSep = '\x1f';

std::string encode(const Principal& p) {
  return p.tenant_id + kSep + p.subject + kSep + std::string(role_name(p.role)) + kSep +
         (p.client_id ? "1" + *p.client_id : "0");
}

std::optional<Principal> decode(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == kSep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (parts.size() != 4 || parts[3].empty()) return std::nullopt;
  std::optional<std::string> client;
  if (parts[3][0] == '1') client = parts[3].substr(1);
  return principal_from(parts[0], parts[1], parts[2], client);
}

}  // namespace

Authenticator::Authenticator(store::Database& db, const security::JwtCodec& jwt,
                             cache::Cache& key_cache, std::chrono::seconds key_ttl)
    : db_(db), jwt_(jwt), keys_(key_cache), key_ttl_(key_ttl) {}

AuthResult Authenticator::authenticate(std::optional<std::string_view> authorization) {
  if (!authorization || authorization->empty()) {
    return failure(AuthFailure::missing, "send Authorization: Bearer <api key or token>");
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization->size() <= kBearer.size() ||
      !std::equal(kBearer.begin(), kBearer.end(), authorization->begin(),
                  [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
    return failure(AuthFailure::malformed, "the Authorization header must be 'Bearer <credential>'");
  }
  std::string_view credential = authorization->substr(kBearer.size());
  if (credential.rfind(security::kApiKeyPrefix, 0) == 0) return from_api_key(credential);
  return from_jwt(credential);
}

AuthResult Authenticator::from_api_key(std::string_view key) {
  if (!security::looks_like_api_key(key)) {
    return failure(AuthFailure::malformed, "the API key is malformed");
  }
  std::string hash = security::hash_api_key(key);
  if (auto cached = keys_.get(hash)) {
    if (auto principal = decode(*cached)) {
      AuthResult r;
      r.principal = std::move(principal);
      return r;
    }
  }
  auto identity = db_.system([&](store::Tx& tx) { return store::api_keys::find_by_hash(tx, hash); });
  if (!identity) return failure(AuthFailure::invalid, "the API key is not valid");
  if (identity->revoked) return failure(AuthFailure::revoked, "the API key has been revoked");
  auto principal =
      principal_from(identity->tenant_id, identity->id, identity->role, identity->client_id);
  if (!principal) return failure(AuthFailure::invalid, "the API key has an unknown role");
  try {
    db_.write(store::TenantScope{identity->tenant_id},
              [&](store::Tx& tx) { store::api_keys::touch_last_used(tx, identity->id); });
  } catch (const std::exception& e) {
    spdlog::warn("could not record API key use: {}", e.what());
  }
  keys_.put(hash, encode(*principal), key_ttl_);
  AuthResult r;
  r.principal = std::move(principal);
  return r;
}

AuthResult Authenticator::from_jwt(std::string_view token) const {
  auto verified = jwt_.verify(token);
  if (!verified) {
    auto reason = verified.error().reason;
    if (reason == security::JwtFailure::expired) {
      return failure(AuthFailure::expired, "the token has expired; request a new one");
    }
    return failure(AuthFailure::invalid,
                   "the token is not valid (" + std::string(security::to_string(reason)) + ")");
  }
  const auto& c = verified.claims();
  auto principal = principal_from(c.tenant_id, c.subject, c.role, c.client_id);
  if (!principal) return failure(AuthFailure::invalid, "the token carries an unknown role");
  AuthResult r;
  r.principal = std::move(principal);
  return r;
}

void Authenticator::forget(const std::string& key_hash) { keys_.erase(key_hash); }

}  // namespace api
