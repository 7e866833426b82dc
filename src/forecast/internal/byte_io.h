// Little binary writer and reader for the forecast library's saved models: fixed-width
// little-endian integers and IEEE doubles, length-prefixed strings, and a trailing FNV-1a
// 64-bit checksum of everything before it. The reader throws std::invalid_argument on a bad
// checksum or anything short or out of range, so corrupted bytes never reach XGBoost or a
// model. Internal to the forecast library.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace forecast::internal {

inline std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

static_assert(std::endian::native == std::endian::little, "saved models are little-endian");

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void i32(std::int32_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  void str(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  // The bytes written, followed by their checksum.
  std::string take() {
    u64(fnv1a64(out_));
    return std::move(out_);
  }

 private:
  void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
  std::string out_;
};

class ByteReader {
 public:
  // Checks and strips the trailing checksum; throws std::invalid_argument when it is wrong.
  explicit ByteReader(std::string_view in) {
    if (in.size() < sizeof(std::uint64_t)) fail();
    std::uint64_t stored;
    std::memcpy(&stored, in.data() + in.size() - sizeof stored, sizeof stored);
    in_ = in.substr(0, in.size() - sizeof stored);
    if (fnv1a64(in_) != stored) fail();
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(take(1)[0]); }
  std::uint32_t u32() { return pod<std::uint32_t>(); }
  std::uint64_t u64() { return pod<std::uint64_t>(); }
  std::int32_t i32() { return pod<std::int32_t>(); }
  double f64() { return pod<double>(); }
  std::string_view str() {
    const std::uint64_t n = u64();
    if (n > in_.size()) fail();
    return take(static_cast<std::size_t>(n));
  }
  // A count of items each at least `min_item_bytes` long: rejects counts the rest cannot hold.
  std::size_t count(std::size_t min_item_bytes) {
    const std::uint64_t n = u64();
    if (min_item_bytes > 0 && n > in_.size() / min_item_bytes) fail();
    return static_cast<std::size_t>(n);
  }
  // Reads an enum stored as u8, checking it is below `limit`.
  template <typename Enum>
  Enum enumeration(int limit) {
    const int v = u8();
    if (v >= limit) fail();
    return static_cast<Enum>(v);
  }
  bool done() const { return in_.empty(); }
  void expect_done() const {
    if (!in_.empty()) fail();
  }
  [[noreturn]] static void fail() { throw std::invalid_argument("malformed forecast model bytes"); }

 private:
  std::string_view take(std::size_t n) {
    if (n > in_.size()) fail();
    std::string_view head = in_.substr(0, n);
    in_.remove_prefix(n);
    return head;
  }
  template <typename T>
  T pod() {
    T v;
    std::memcpy(&v, take(sizeof v).data(), sizeof v);
    return v;
  }
  std::string_view in_;
};

}  // namespace forecast::internal
