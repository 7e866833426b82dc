// Robust building blocks for the anomaly detectors: medians over windows of a series with
// gaps, the MAD scale, and the seasonal profile. Internal to optimize/ (not a public header).
//
// A series here is a vector of doubles with NaN for a missing step. Every function that needs
// working memory takes a caller-owned scratch vector, so the many small window medians of a
// run reuse one buffer.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace optimize::detail {

inline bool observed(double value) { return value == value; }  // false only for NaN

std::size_t count_observed(std::span<const double> x, std::size_t lo, std::size_t hi);

// Median of `values`, which it reorders. Precondition: not empty.
double median_inplace(std::span<double> values);

inline constexpr std::size_t kNoSkip = static_cast<std::size_t>(-1);

// Median of the observed values of x[lo, hi), leaving out x[skip]; nullopt when fewer than
// `min_count` (>= 1) values are left.
std::optional<double> window_median(std::span<const double> x, std::size_t lo, std::size_t hi,
                                    std::size_t min_count, std::vector<double>& scratch,
                                    std::size_t skip = kNoSkip);

// The window of `width` steps centred on i, shifted inwards so it stays inside [lo, hi) when
// it can: near the end of a series it becomes the trailing `width` steps.
struct Window {
  std::size_t lo = 0;
  std::size_t hi = 0;
};
Window centred_window(std::size_t i, std::size_t width, std::size_t lo, std::size_t hi);

// 1.4826 · median(|r − median(r)|), the normal-consistent MAD. When more than half of the
// residuals are equal (MAD = 0) it falls back to 1.2533 · mean(|r − median(r)|), which is also
// normal-consistent and is zero only when every residual is the same. Precondition: not empty.
double robust_scale(std::span<const double> residuals, std::vector<double>& scratch);

// The seasonal profile of x[lo, hi): profile[p] is the median over the observed steps i with
// i % period == p of x[i] minus the median of the period-wide window centred on i, then the
// profile is shifted to mean zero. Phases without data get 0; period 1 gives {0}.
struct SeasonalFit {
  std::vector<double> profile;
  // When asked for: left_out[i - lo] is profile[i % period] refitted without step i itself
  // (0 when i is missing or alone in its phase). Residuals against it are out-of-sample, so
  // their spread matches the error of predicting a step the profile has not seen.
  std::vector<double> left_out;
};
SeasonalFit fit_seasonal(std::span<const double> x, std::size_t lo, std::size_t hi,
                         std::size_t period, bool with_left_out, std::vector<double>& scratch);

// Rounds up to an odd width, so a window can be centred.
inline std::size_t odd_width(std::size_t width) { return width % 2 == 0 ? width + 1 : width; }

}  // namespace optimize::detail
