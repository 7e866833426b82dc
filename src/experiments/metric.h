// What an experiment measures: the kinds of metric the analysis understands and the role each
// plays in the decision. Pure values.
#pragma once

#include <string>

namespace experiments {

// proportion: each unit converts or not (conversion rate, CTR per impression, retention); the
//             variant's value is conversions / units and its unit variance p (1 − p).
// mean:       a value per unit (revenue per user, game rounds per player); value Σy / n and the
//             sample variance (Σy² − (Σy)²/n) / (n − 1).
// ratio:      a numerator and a denominator per unit, both random (CPA = cost / conversions,
//             purchases per click with days or users as units); value ΣM / ΣD, variance by the
//             delta method from ΣM², ΣD² and ΣM·D.
enum class MetricKind { proportion, mean, ratio };

// primary:   the metrics the experiment is meant to move; they decide ship or not, and form one
//            family for the multiple-testing correction.
// secondary: reported and corrected as a family of their own; a significant loss is a caution in
//            the reasons, not a veto.
// guardrail: must not get worse; never corrected (a correction would make harm harder to see);
//            a significant loss vetoes shipping that variant.
enum class MetricRole { primary, secondary, guardrail };

struct MetricSpec {
  std::string name;
  MetricKind kind = MetricKind::proportion;
  MetricRole role = MetricRole::primary;
  bool higher_is_better = true;  // false for CPA, bounce rate, latency
};

}  // namespace experiments
