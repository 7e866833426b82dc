#include "security/random.h"

#include <sodium.h>

#include <stdexcept>

#include "security/sodium.h"

namespace security {
namespace detail {

void ensure_sodium() {
  // sodium_init() is itself thread-safe; the static makes the check free after the first call.
  static const int status = sodium_init();
  if (status < 0) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace detail

namespace {
constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kIdChars = 20;
}  // namespace

std::string random_hex(std::size_t bytes) {
  detail::ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  sodium_memzero(raw.data(), raw.size());
  hex.pop_back();  // the terminating NUL written by sodium_bin2hex
  return hex;
}

std::string random_base62(std::size_t chars) {
  detail::ensure_sodium();
  std::string out(chars, '\0');
  for (char& c : out) c = kBase62[randombytes_uniform(static_cast<std::uint32_t>(kBase62.size()))];
  return out;
}

std::string new_id(std::string_view prefix) {
  std::string id(prefix);
  if (!id.empty() && id.back() != '_') id.push_back('_');
  id += random_base62(kIdChars);
  return id;
}

}  // namespace security
