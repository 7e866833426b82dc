#include "security/passwords.h"

#include <sodium.h>

#include <stdexcept>

#include "security/sodium.h"

namespace security {
namespace {

static_assert(PasswordHashOptions{}.ops_limit == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(PasswordHashOptions{}.mem_limit_bytes == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);

void check_limits(const PasswordHashOptions& options) {
  if (options.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      options.ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX ||
      options.mem_limit_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      options.mem_limit_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("argon2id limits out of range");
  }
}

// crypto_pwhash_str_* read the hash as a NUL-terminated string: copy it, bounded.
bool copy_hash(std::string_view hash, char (&out)[crypto_pwhash_STRBYTES]) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  hash.copy(out, hash.size());
  out[hash.size()] = '\0';
  return true;
}

}  // namespace

std::string hash_password(std::string_view password, const PasswordHashOptions& options) {
  if (password.empty()) throw std::invalid_argument("password must not be empty");
  check_limits(options);
  detail::ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options.ops_limit,
                            options.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id: out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (password.empty()) return false;
  char stored[crypto_pwhash_STRBYTES];
  if (!copy_hash(hash, stored)) return false;
  detail::ensure_sodium();
  return crypto_pwhash_str_verify(stored, password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash, const PasswordHashOptions& options) {
  char stored[crypto_pwhash_STRBYTES];
  if (!copy_hash(hash, stored)) return true;
  detail::ensure_sodium();
  // 1 = other limits, -1 = not an argon2id string: both mean "re-hash".
  return crypto_pwhash_argon2id_str_needs_rehash(stored, options.ops_limit,
                                                 options.mem_limit_bytes) != 0;
}

}  // namespace security
