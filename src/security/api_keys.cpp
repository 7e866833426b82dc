#include "security/api_keys.h"

#include <sodium.h>

#include "security/random.h"
#include "security/sodium.h"

namespace security {
namespace {

constexpr std::size_t kKeyChars = 40;
constexpr std::size_t kDisplayChars = 12;

bool is_base62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

NewApiKey generate_api_key() {
  NewApiKey key;
  key.plaintext = std::string(kApiKeyPrefix) + random_base62(kKeyChars);
  key.prefix = key.plaintext.substr(0, kDisplayChars);
  key.hash = hash_api_key(key.plaintext);
  return key;
}

std::string hash_api_key(std::string_view plaintext) {
  detail::ensure_sodium();
  unsigned char digest[crypto_generichash_BYTES];  // 32 bytes: BLAKE2b-256
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                     nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, sizeof digest * 2);
}

bool looks_like_api_key(std::string_view text) {
  if (text.size() != kApiKeyPrefix.size() + kKeyChars || !text.starts_with(kApiKeyPrefix)) {
    return false;
  }
  for (char c : text.substr(kApiKeyPrefix.size())) {
    if (!is_base62(c)) return false;
  }
  return true;
}

}  // namespace security
