#include "security/secret_box.h"

#include <sodium.h>

#include <stdexcept>

#include "security/sodium.h"

namespace security {
namespace {

constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
// BLAKE2b key (16..64 bytes) used as a domain separator for key derivation. Never change it:
// every stored credential would stop opening.
constexpr std::string_view kDeriveContext = "strategist/secret-box/v1";
static_assert(kSecretBoxKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::optional<std::string> decode(std::string_view text, int variant, bool hex) {
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  int status = hex ? sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                    text.data(), text.size(), nullptr, &length, &end)
                   : sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                       text.data(), text.size(), nullptr, &length, &end, variant);
  if (status != 0 || end != text.data() + text.size()) return std::nullopt;
  out.resize(length);
  return out;
}

}  // namespace

std::string derive_secret_box_key(std::string_view secret) {
  if (secret.size() < 32) throw std::invalid_argument("secret must be at least 32 bytes");
  detail::ensure_sodium();
  std::string key(kSecretBoxKeyBytes, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(key.data()), key.size(), bytes(secret),
                     secret.size(), bytes(kDeriveContext), kDeriveContext.size());
  return key;
}

std::optional<std::string> decode_secret_box_key(std::string_view text) {
  detail::ensure_sodium();
  bool hex = text.size() == kSecretBoxKeyBytes * 2;
  auto key = decode(text, sodium_base64_VARIANT_ORIGINAL, hex);
  if (!key || key->size() != kSecretBoxKeyBytes) return std::nullopt;
  return key;
}

SecretBox::SecretBox(std::string_view key) {
  if (key.size() != kSecretBoxKeyBytes) {
    throw std::invalid_argument("secret box key must be 32 bytes");
  }
  detail::ensure_sodium();
  key.copy(reinterpret_cast<char*>(key_.data()), key_.size());
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
  if (plaintext.size() > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX - kNonceBytes) {
    throw std::length_error("plaintext too large to seal");
  }
  std::string box(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(box.data());
  randombytes_buf(out, kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kNonceBytes, &written, bytes(plaintext),
                                             plaintext.size(), bytes(associated_data),
                                             associated_data.size(), nullptr, out, key_.data());
  std::string encoded(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), out, box.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.pop_back();  // terminating NUL
  return encoded;
}

std::optional<std::string> SecretBox::open(std::string_view sealed,
                                           std::string_view associated_data) const {
  auto box = decode(sealed, sodium_base64_VARIANT_ORIGINAL, false);
  if (!box || box->size() < kNonceBytes + kTagBytes) return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(box->data());
  std::string plaintext(box->size() - kNonceBytes - kTagBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()),
                                                 &length, nullptr, in + kNonceBytes,
                                                 box->size() - kNonceBytes, bytes(associated_data),
                                                 associated_data.size(), in, key_.data()) != 0) {
    return std::nullopt;
  }
  plaintext.resize(length);
  return plaintext;
}

}  // namespace security
