#include "security/jwt.h"

#include <jwt.h>
#include <sodium.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "security/random.h"
#include "security/sodium.h"

namespace security {
namespace {

constexpr std::size_t kMaxTokenBytes = 8192;  // far above any token we issue (~400 bytes)
constexpr std::size_t kMinSecretBytes = 32;

struct JwtFree {
  void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct Parts {
  std::string_view head, payload, signature;
  std::string_view signing_input;  // "head.payload"
};

bool is_base64url(std::string_view text) {
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return !text.empty();
}

std::optional<Parts> split_token(std::string_view token) {
  if (token.size() > kMaxTokenBytes) return std::nullopt;
  auto first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  Parts parts{token.substr(0, first), token.substr(first + 1, second - first - 1),
              token.substr(second + 1), token.substr(0, second)};
  if (!is_base64url(parts.head) || !is_base64url(parts.payload)) return std::nullopt;
  // An empty signature is what "alg":"none" produces: let the header check report it.
  if (!parts.signature.empty() && !is_base64url(parts.signature)) return std::nullopt;
  return parts;
}

// Decodes unpadded base64url; nullopt on bad input (non-canonical trailing bits included).
std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 1, '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

// The header we issue; tokens carrying it skip the JSON parse.
constexpr std::string_view kOurHeader = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

std::optional<JwtError> check_header(std::string_view head) {
  if (head == kOurHeader) return std::nullopt;
  auto json_text = base64url_decode(head);
  if (!json_text) return JwtError{JwtFailure::malformed, "header is not base64url"};
  auto header = nlohmann::json::parse(*json_text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return JwtError{JwtFailure::malformed, "header is not a JSON object"};
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) {
    return JwtError{JwtFailure::malformed, "header has no alg"};
  }
  if (alg->get_ref<const std::string&>() != "HS256") {
    return JwtError{JwtFailure::unsupported_alg, "alg is not HS256"};
  }
  if (header.contains("crit")) {
    return JwtError{JwtFailure::unsupported_alg, "critical header extensions not supported"};
  }
  return std::nullopt;
}

// HMAC-SHA-256 over "head.payload", compared in constant time. libjwt 1.10 compares the
// signature with strcmp, so this check runs first and libjwt only ever sees valid signatures.
bool signature_matches(const Parts& parts, std::string_view secret) {
  auto signature = base64url_decode(parts.signature);
  if (!signature || signature->size() != crypto_auth_hmacsha256_BYTES) return false;
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state,
                                reinterpret_cast<const unsigned char*>(parts.signing_input.data()),
                                parts.signing_input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return sodium_memcmp(mac, signature->data(), sizeof mac) == 0;
}

// Runs every check up to and including libjwt's decode. On success `decoded` owns the token.
std::optional<JwtError> decode_verified(std::string_view token, std::string_view secret,
                                        JwtPtr& decoded) {
  auto parts = split_token(token);
  if (!parts) return JwtError{JwtFailure::malformed, "not a compact JWS"};
  if (auto error = check_header(parts->head)) return error;
  if (secret.empty() || !signature_matches(*parts, secret)) {
    return JwtError{JwtFailure::bad_signature, "signature does not verify"};
  }
  // Never pass a null key: libjwt 1.10 then skips signature verification entirely.
  jwt_t* raw = nullptr;
  std::string terminated(token);
  int status =
      jwt_decode(&raw, terminated.c_str(), reinterpret_cast<const unsigned char*>(secret.data()),
                 static_cast<int>(secret.size()));
  decoded.reset(raw);
  if (status != 0 || !decoded) return JwtError{JwtFailure::malformed, "payload is not JSON"};
  if (jwt_get_alg(decoded.get()) != JWT_ALG_HS256) {
    return JwtError{JwtFailure::unsupported_alg, "alg is not HS256"};
  }
  return std::nullopt;
}

std::optional<std::string> string_claim(jwt_t* jwt, const char* name) {
  const char* value = jwt_get_grant(jwt, name);  // null when absent or not a string
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::optional<std::int64_t> int_claim(jwt_t* jwt, const char* name) {
  errno = 0;
  long value = jwt_get_grant_int(jwt, name);
  if (errno == ENOENT) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::optional<JwtError> check_times(jwt_t* jwt, std::int64_t now, std::int64_t leeway,
                                    TokenClaims& claims) {
  auto exp = int_claim(jwt, "exp");
  auto iat = int_claim(jwt, "iat");
  if (!exp || !iat) return JwtError{JwtFailure::malformed, "exp or iat missing"};
  // Arithmetic stays on the `now` side so a huge claim cannot overflow.
  if (*exp < now - leeway) return JwtError{JwtFailure::expired, "token expired"};
  if (*iat > now + leeway) return JwtError{JwtFailure::not_yet_valid, "iat is in the future"};
  if (auto nbf = int_claim(jwt, "nbf"); nbf && *nbf > now + leeway) {
    return JwtError{JwtFailure::not_yet_valid, "nbf is in the future"};
  }
  claims.expires_at = *exp;
  claims.issued_at = *iat;
  return std::nullopt;
}

std::optional<JwtError> read_identity(jwt_t* jwt, TokenClaims& claims) {
  auto sub = string_claim(jwt, "sub");
  auto tenant = string_claim(jwt, "tenant_id");
  auto role = string_claim(jwt, "role");
  auto jti = string_claim(jwt, "jti");
  if (!sub || !tenant || !role || !jti || sub->empty() || tenant->empty() || role->empty()) {
    return JwtError{JwtFailure::malformed, "sub, tenant_id, role or jti missing"};
  }
  claims.subject = std::move(*sub);
  claims.tenant_id = std::move(*tenant);
  claims.role = std::move(*role);
  claims.token_id = std::move(*jti);
  claims.client_id = string_claim(jwt, "client_id");
  return std::nullopt;
}

void check_text(std::string_view value, const char* what, bool required) {
  if (required && value.empty()) throw std::invalid_argument(std::string(what) + " is empty");
  if (value.find('\0') != std::string_view::npos) {
    throw std::invalid_argument(std::string(what) + " contains a NUL byte");
  }
}

std::int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::string_view to_string(JwtFailure failure) {
  switch (failure) {
    case JwtFailure::malformed:
      return "malformed";
    case JwtFailure::unsupported_alg:
      return "unsupported_alg";
    case JwtFailure::bad_signature:
      return "bad_signature";
    case JwtFailure::expired:
      return "expired";
    case JwtFailure::not_yet_valid:
      return "not_yet_valid";
    case JwtFailure::wrong_issuer:
      return "wrong_issuer";
    case JwtFailure::wrong_audience:
      return "wrong_audience";
  }
  return "unknown";
}

JwtCodec::JwtCodec(JwtOptions options) : options_(std::move(options)) {
  if (options_.secret.size() < kMinSecretBytes) {
    throw std::invalid_argument("JWT secret must be at least 32 bytes");
  }
  if (options_.ttl.count() <= 0) throw std::invalid_argument("JWT ttl must be positive");
  if (options_.leeway.count() < 0) throw std::invalid_argument("JWT leeway must not be negative");
  check_text(options_.issuer, "issuer", true);
  check_text(options_.audience, "audience", true);
  detail::ensure_sodium();
}

std::string JwtCodec::issue(TokenClaims claims) const {
  check_text(claims.subject, "subject", true);
  check_text(claims.tenant_id, "tenant_id", true);
  check_text(claims.role, "role", true);
  check_text(claims.token_id, "token_id", false);
  if (claims.client_id) check_text(*claims.client_id, "client_id", true);
  if (claims.issued_at == 0) claims.issued_at = unix_seconds(std::chrono::system_clock::now());
  if (claims.expires_at == 0) claims.expires_at = claims.issued_at + options_.ttl.count();
  if (claims.token_id.empty()) claims.token_id = random_base62(22);

  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("jwt_new failed");
  JwtPtr jwt(raw);
  int status = jwt_add_grant(raw, "iss", options_.issuer.c_str()) |
               jwt_add_grant(raw, "aud", options_.audience.c_str()) |
               jwt_add_grant(raw, "sub", claims.subject.c_str()) |
               jwt_add_grant(raw, "tenant_id", claims.tenant_id.c_str()) |
               jwt_add_grant(raw, "role", claims.role.c_str()) |
               jwt_add_grant(raw, "jti", claims.token_id.c_str()) |
               jwt_add_grant_int(raw, "iat", claims.issued_at) |
               jwt_add_grant_int(raw, "exp", claims.expires_at);
  if (claims.client_id) status |= jwt_add_grant(raw, "client_id", claims.client_id->c_str());
  status |= jwt_set_alg(raw, JWT_ALG_HS256,
                        reinterpret_cast<const unsigned char*>(options_.secret.data()),
                        static_cast<int>(options_.secret.size()));
  if (status != 0) throw std::runtime_error("libjwt could not build the token");
  std::unique_ptr<char, decltype(&std::free)> encoded(jwt_encode_str(raw), &std::free);
  if (!encoded) throw std::runtime_error("jwt_encode_str failed");
  return std::string(encoded.get());
}

JwtResult JwtCodec::verify(std::string_view token,
                           std::chrono::system_clock::time_point now) const {
  JwtPtr jwt;
  if (auto error = decode_verified(token, options_.secret, jwt)) return *std::move(error);
  auto iss = string_claim(jwt.get(), "iss");
  if (!iss || *iss != options_.issuer) return JwtError{JwtFailure::wrong_issuer, "wrong issuer"};
  auto aud = string_claim(jwt.get(), "aud");
  if (!aud || *aud != options_.audience) {
    return JwtError{JwtFailure::wrong_audience, "wrong audience"};
  }
  TokenClaims claims;
  if (auto error = check_times(jwt.get(), unix_seconds(now), options_.leeway.count(), claims)) {
    return *std::move(error);
  }
  if (auto error = read_identity(jwt.get(), claims)) return *std::move(error);
  return claims;
}

bool verify_hs256_signature(std::string_view token, std::string_view secret) {
  detail::ensure_sodium();
  JwtPtr jwt;
  return !decode_verified(token, secret, jwt).has_value();
}

}  // namespace security
