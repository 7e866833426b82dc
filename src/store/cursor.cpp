#include "store/internal/cursor.h"

#include <array>

#include "store/database.h"

namespace store::internal {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kSeparator = '\x1f';  // ASCII unit separator: never in ids or sort keys

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

bool base64url_decode(std::string_view text, std::string& out) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  }
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : text) {
    if (value[c] < 0) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(value[c]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return true;
}

}  // namespace

std::string encode_cursor(const std::vector<std::string>& parts) {
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += kSeparator;
    joined += parts[i];
  }
  return base64url_encode(joined);
}

std::vector<std::string> decode_cursor(std::string_view cursor, std::string_view kind,
                                       std::size_t parts) {
  std::string joined;
  if (!base64url_decode(cursor, joined)) throw InvalidArgument("malformed cursor");
  std::vector<std::string> out(1);
  for (char c : joined) {
    if (c == kSeparator) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (out.size() != parts || out[0] != kind) {
    throw InvalidArgument("cursor does not belong to this listing");
  }
  return out;
}

}  // namespace store::internal
