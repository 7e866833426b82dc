// Internal to cache/: lets a hot path log a recurring failure at most once per interval, so a
// Redis outage produces one warning every few seconds rather than one per request.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

namespace cache::detail {

class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::seconds interval = std::chrono::seconds(10))
      : interval_ns_(std::chrono::nanoseconds(interval).count()) {}

  // True for the first call, then at most once per interval; the other calls are counted as
  // suppressed. Thread-safe.
  bool should_log() {
    std::int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    std::int64_t last = last_ns_.load(std::memory_order_relaxed);
    if ((last == kNever || now - last >= interval_ns_) &&
        last_ns_.compare_exchange_strong(last, now, std::memory_order_relaxed)) {
      return true;
    }
    suppressed_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  // " (N similar messages suppressed)" since the last logged one, or "" when none; resets.
  std::string suppressed_note() {
    auto count = suppressed_.exchange(0, std::memory_order_relaxed);
    return count == 0 ? std::string() : " (" + std::to_string(count) + " similar suppressed)";
  }

 private:
  static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();
  std::int64_t interval_ns_;
  std::atomic<std::int64_t> last_ns_{kNever};
  std::atomic<std::uint64_t> suppressed_{0};
};

}  // namespace cache::detail
