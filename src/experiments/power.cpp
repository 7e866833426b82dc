#include "experiments/power.h"

#include <cmath>
#include <limits>
#include <optional>

#include "experiments/internal/distributions.h"
#include "experiments/internal/errors.h"

namespace experiments {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

void check(const PowerProblem& problem, const PowerOptions& options) {
  using internal::fail;
  if (problem.kind == MetricKind::proportion) {
    if (!(problem.baseline > 0 && problem.baseline < 1)) {
      fail("problem.baseline", "a rate must be in (0, 1)");
    }
  } else {
    if (!std::isfinite(problem.baseline) || problem.baseline == 0) {
      fail("problem.baseline", "must be a finite number other than 0");
    }
    if (!(problem.unit_variance >= 0) || std::isinf(problem.unit_variance)) {
      fail("problem.unit_variance", "must be finite and >= 0");
    }
  }
  if (!(problem.control_share > 0 && problem.control_share <= 1)) {
    fail("problem.control_share", "must be in (0, 1]");
  }
  if (!(problem.treatment_share > 0 && problem.treatment_share <= 1)) {
    fail("problem.treatment_share", "must be in (0, 1]");
  }
  if (!(options.alpha > 0 && options.alpha < 1)) fail("options.alpha", "must be in (0, 1)");
  if (!(options.power > 0 && options.power < 1)) fail("options.power", "must be in (0, 1)");
  if (options.comparisons < 1) fail("options.comparisons", "must be >= 1");
  if (!(options.sequential_tuning_units > 0)) {
    fail("options.sequential_tuning_units", "must be > 0");
  }
}

// s0² and s1² of the header, per unit of the total sample; nullopt when the treatment rate of a
// proportion leaves (0, 1).
struct Spread {
  double null_variance = 0;         // s0²
  double alternative_variance = 0;  // s1²
  double effect = 0;                // |δ|
};

std::optional<Spread> spread(const PowerProblem& problem, double relative_effect,
                             const PowerOptions& options) {
  const double delta = relative_effect * problem.baseline;
  double control_variance = problem.unit_variance;
  double treatment_variance = problem.unit_variance;
  if (problem.kind == MetricKind::proportion) {
    const double p = problem.baseline, q = p + delta;
    if (!(q > 0 && q < 1)) return std::nullopt;
    control_variance = p * (1 - p);
    treatment_variance = q * (1 - q);
  }
  Spread s;
  s.null_variance = control_variance * (1 / problem.control_share + 1 / problem.treatment_share);
  // The lift's delta-method variance weighs the control by (treatment / control)² = (1 + L)².
  const double control_weight =
      options.lift_test ? (1 + relative_effect) * (1 + relative_effect) : 1.0;
  s.alternative_variance = control_weight * control_variance / problem.control_share +
                           treatment_variance / problem.treatment_share;
  s.effect = std::abs(delta);
  return s;
}

double corrected_alpha(const PowerOptions& options) { return options.alpha / options.comparisons; }

// The effect size an estimate must exceed to be significant at N: z s0 / √N, or the confidence
// sequence's half-width. The bisections call this hundreds of times, so z is computed once per
// thread and options.
double critical_value(const Spread& s, double total_units, const PowerOptions& options) {
  const double alpha = corrected_alpha(options);
  if (!options.sequential) {
    thread_local double cached_alpha = -1, cached_z = 0;
    if (alpha != cached_alpha) {
      cached_z = internal::normal_quantile(1 - alpha / 2);
      cached_alpha = alpha;
    }
    return cached_z * std::sqrt(s.null_variance / total_units);
  }
  // The sequence's width comes from the variance the data will show, the one under the effect.
  ConfidenceSequenceOptions sequence{options.alpha, options.sequential_tuning_units};
  return confidence_sequence_half_width(s.alternative_variance, total_units, sequence, alpha);
}

double power_of(const Spread& s, double total_units, const PowerOptions& options) {
  const double se = std::sqrt(s.alternative_variance / total_units);
  if (se == 0) return s.effect > critical_value(s, total_units, options) ? 1.0 : 0.0;
  return internal::normal_cdf((s.effect - critical_value(s, total_units, options)) / se);
}

// The sequential sample size has no closed form: power grows with N (the half-width shrinks
// like sqrt(log N / N)), so double N until it is enough, then bisect.
double sequential_sample_size(const Spread& s, const PowerOptions& options) {
  double low = 1, high = 2;
  while (power_of(s, high, options) < options.power) {
    low = high;
    high *= 2;
    if (high > 1e15) return kInfinity;
  }
  for (int i = 0; i < 200 && high - low > 1e-6 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (power_of(s, mid, options) < options.power ? low : high) = mid;
  }
  return high;
}

}  // namespace

SampleSize required_sample_size(const PowerProblem& problem, double relative_effect,
                                const PowerOptions& options) {
  check(problem, options);
  if (!std::isfinite(relative_effect) || relative_effect == 0) {
    internal::fail("relative_effect", "must be a finite number other than 0");
  }
  const auto s = spread(problem, relative_effect, options);
  if (!s) internal::fail("relative_effect", "moves the rate outside (0, 1)");
  double total = kInfinity;
  if (s->effect > 0 && options.sequential) {
    total = sequential_sample_size(*s, options);
  } else if (s->effect > 0) {
    const double z_alpha = internal::normal_quantile(1 - corrected_alpha(options) / 2);
    const double z_power = internal::normal_quantile(options.power);
    const double root =
        (z_alpha * std::sqrt(s->null_variance) + z_power * std::sqrt(s->alternative_variance)) /
        s->effect;
    total = root * root;
  }
  return {total, total * problem.control_share, total * problem.treatment_share};
}

double power_at(const PowerProblem& problem, double relative_effect, double total_units,
                const PowerOptions& options) {
  check(problem, options);
  if (!(total_units > 0)) internal::fail("total_units", "must be > 0");
  const auto s = spread(problem, relative_effect, options);
  if (!s) internal::fail("relative_effect", "moves the rate outside (0, 1)");
  return power_of(*s, total_units, options);
}

double detectable_effect(const PowerProblem& problem, double total_units,
                         const PowerOptions& options) {
  check(problem, options);
  if (!(total_units > 0)) internal::fail("total_units", "must be > 0");
  // Power rises with the effect; bisect on the relative effect. For a proportion the treatment
  // rate must stay below 1.
  double high =
      problem.kind == MetricKind::proportion ? (1 - problem.baseline) / problem.baseline : 1.0;
  auto power_for = [&](double effect) {
    const auto s = spread(problem, effect, options);
    return s ? power_of(*s, total_units, options) : 0.0;
  };
  if (problem.kind == MetricKind::proportion) {
    high *= 1 - 1e-12;
    if (power_for(high) < options.power) return kInfinity;
  } else {
    while (power_for(high) < options.power) {
      high *= 2;
      if (high > 1e12) return kInfinity;
    }
  }
  double low = 0;
  for (int i = 0; i < 200 && high - low > 1e-10 * high; ++i) {
    const double mid = 0.5 * (low + high);
    (power_for(mid) < options.power ? low : high) = mid;
  }
  return high;
}

}  // namespace experiments
