// Authenticated encryption of stored secrets (ad-platform OAuth tokens, SMTP passwords) with
// XChaCha20-Poly1305-IETF (libsodium crypto_aead_xchacha20poly1305_ietf_*).
//
// A sealed value is base64(nonce ‖ ciphertext ‖ tag) with a fresh random 192-bit nonce, so one
// key can seal any number of values. The associated data is authenticated but not stored: pass
// what the value belongs to (e.g. "tenant_id/connection_id") so a ciphertext copied to another
// row no longer opens.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace security {

inline constexpr std::size_t kSecretBoxKeyBytes = 32;

// Derives a 32-byte key from a configured high-entropy secret (≥ 32 bytes, e.g. 32 random bytes
// in hex) with BLAKE2b-256 under a fixed context string. This is not a password KDF: a short
// or guessable secret stays guessable. Throws std::invalid_argument for a shorter secret.
std::string derive_secret_box_key(std::string_view secret);

// Decodes a key given in configuration as 64 hex characters or as base64 (standard alphabet,
// padded) of exactly 32 bytes. nullopt for anything else.
std::optional<std::string> decode_secret_box_key(std::string_view text);

// Immutable after construction: seal/open may be called from many threads at once.
class SecretBox {
 public:
  // `key` is exactly 32 raw bytes. Throws std::invalid_argument otherwise.
  explicit SecretBox(std::string_view key);
  ~SecretBox();  // wipes the key
  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;

  // Encrypts and authenticates `plaintext` bound to `associated_data`. Never fails (throws
  // std::length_error only for plaintexts beyond libsodium's limit, ~256 GiB).
  std::string seal(std::string_view plaintext, std::string_view associated_data) const;

  // The plaintext, or nullopt when `sealed` is not valid base64, is too short, was altered,
  // was sealed under another key, or `associated_data` differs. Never throws otherwise.
  std::optional<std::string> open(std::string_view sealed, std::string_view associated_data) const;

 private:
  std::array<unsigned char, kSecretBoxKeyBytes> key_;
};

}  // namespace security
