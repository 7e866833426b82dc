// Internal to cache/: argument checks shared by the rate limiters.
#pragma once

#include <cmath>
#include <stdexcept>

#include "cache/rate_limiter.h"

namespace cache::detail {

inline void check_rate_limit(const RateLimit& limit) {
  if (!(limit.tokens_per_second > 0) || !(limit.burst > 0) || !std::isfinite(limit.burst) ||
      !std::isfinite(limit.tokens_per_second)) {
    throw std::invalid_argument("rate limit needs a positive, finite rate and burst");
  }
}

inline void check_cost(const RateLimit& limit, double cost) {
  if (!(cost >= 0) || cost > limit.burst) {
    throw std::invalid_argument("rate limit cost must be between 0 and the burst");
  }
}

}  // namespace cache::detail
