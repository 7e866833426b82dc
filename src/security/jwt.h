// JSON Web Tokens (RFC 7519) signed with HS256, for the service's bearer tokens.
//
// Tokens are built, signed and decoded by libjwt. Verification never lets the token choose
// its algorithm: the header must say exactly "HS256" and the signature is checked with
// HMAC-SHA-256 under the configured secret (in constant time, with libsodium) before libjwt
// decodes and re-verifies it. Claims: iss, aud, sub, tenant_id, role, client_id (optional),
// iat, exp, jti; an `nbf` claim, if present, is honoured.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace security {

struct TokenClaims {
  std::string subject;                   // "sub": the API key id or user id
  std::string tenant_id;                 // "tenant_id"
  std::string role;                      // "role": "owner", "admin", "analyst", …
  std::optional<std::string> client_id;  // "client_id": set when scoped to one client
  std::int64_t issued_at = 0;            // "iat", Unix seconds
  std::int64_t expires_at = 0;           // "exp", Unix seconds
  std::string token_id;                  // "jti": unique per token, for revocation lists
};

struct JwtOptions {
  std::string secret;                       // HS256 key: at least 32 bytes of high-entropy secret
  std::string issuer = "strategist";        // "iss" written, and required on verify
  std::string audience = "strategist-api";  // "aud" written, and required on verify (a string)
  std::chrono::seconds ttl{3600};           // lifetime of issued tokens
  std::chrono::seconds leeway{30};          // clock skew tolerated on exp, nbf and iat
};

enum class JwtFailure {
  malformed,        // not three base64url parts, bad JSON, or a required claim missing
  unsupported_alg,  // header alg is not exactly "HS256" ("none" included)
  bad_signature,    // signature does not verify under the secret
  expired,          // now > exp + leeway
  not_yet_valid,    // iat or nbf later than now + leeway
  wrong_issuer,     // iss missing or not JwtOptions::issuer
  wrong_audience,   // aud missing, not a string, or not JwtOptions::audience
};

// "malformed", "bad_signature", … (stable: safe for logs and metrics labels).
std::string_view to_string(JwtFailure failure);

struct JwtError {
  JwtFailure reason;
  std::string message;  // for logs; never echo token contents to the caller
};

// The outcome of JwtCodec::verify: either the claims or the reason for refusal.
class JwtResult {
 public:
  JwtResult(TokenClaims claims) : value_(std::move(claims)) {}
  JwtResult(JwtError error) : value_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<TokenClaims>(value_); }
  explicit operator bool() const { return ok(); }
  // Precondition: ok().
  const TokenClaims& claims() const { return std::get<TokenClaims>(value_); }
  // Precondition: !ok().
  const JwtError& error() const { return std::get<JwtError>(value_); }

 private:
  std::variant<TokenClaims, JwtError> value_;
};

// Issues and verifies tokens under one secret. Immutable after construction, so every method
// may be called from any number of threads at once.
class JwtCodec {
 public:
  // Throws std::invalid_argument when the secret is shorter than 32 bytes, the ttl is not
  // positive or the leeway is negative.
  explicit JwtCodec(JwtOptions options);

  // Signs `claims` with iss and aud from the options. A zero issued_at becomes now, a zero
  // expires_at becomes issued_at + ttl, an empty token_id a fresh random one.
  // Throws std::invalid_argument when subject, tenant_id, role or a present client_id is
  // empty, or a string holds a NUL byte; std::runtime_error if libjwt fails (out of memory).
  std::string issue(TokenClaims claims) const;

  // Checks structure, alg, signature, iss, aud, exp, nbf and iat against `now`, in that order,
  // and returns the claims or the first failure. Never throws for any input.
  JwtResult verify(std::string_view token, std::chrono::system_clock::time_point now) const;
  JwtResult verify(std::string_view token) const {
    return verify(token, std::chrono::system_clock::now());
  }

  const JwtOptions& options() const { return options_; }

 private:
  JwtOptions options_;
};

// Lower level: true when `token` is a compact JWS whose header alg is exactly "HS256" and
// whose signature verifies under `secret` (any non-empty length), checked both with libsodium
// and by libjwt's decoder. Claims are not looked at. An empty secret gives false. Thread-safe.
bool verify_hs256_signature(std::string_view token, std::string_view secret);

}  // namespace security
