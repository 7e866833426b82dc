// Splitting a budget across channels whose response curves are concave (Hill with shape <= 1,
// logistic, Michaelis–Menten): the exact optimum of
//     maximise Σ_i β_i · saturate_i(s_i / scale_i)   subject to   Σ_i s_i = budget,
//                                                                 lower_i <= s_i <= upper_i
// (a locked channel has lower = upper = its spend). For concave curves the KKT conditions are
// sufficient: every channel strictly inside its bounds has the same marginal return μ, a channel
// at its lower bound has a marginal return <= μ there, one at its upper bound >= μ. The solver
// finds μ by bisection on the total spend it implies (each channel's spend at a given μ is the
// inverse of its slope, in closed form for logistic and Michaelis–Menten / Hill n = 1, else by
// a bracketed Newton iteration in log space), rounds every spend to the cent with the total
// exact, and reports the largest relative violation of those conditions as the KKT residual.
//
// S-shaped curves (Hill with shape > 1) are not concave: solve_concave refuses them (the
// multi-start NLopt path of issue 5 will take them). Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "budget/response_curves.h"

namespace budget {

struct Channel {
  std::string name;
  double beta = 1;        // outcome at full saturation (conversions or revenue)
  double scale = 1;       // spend that maps to saturation level 1 (spend units per level)
  Saturation saturation;  // applied to spend / scale
  double lower = 0;       // bounds on spend, currency units; lower <= upper
  double upper = 1e300;
};

struct AllocationOptions {
  double budget = 0;                // the total to spend, currency units, >= 0
  double relative_tolerance = 1e-12;
  int max_iterations = 200;         // bisection steps on μ
};

struct ChannelResult {
  std::string name;
  double spend = 0;            // rounded to the cent
  double outcome = 0;          // β · saturate(spend / scale)
  double marginal_return = 0;  // d outcome / d spend at `spend`
  enum class Binding { none, lower, upper } binding = Binding::none;
};

struct AllocationSummary {
  std::vector<ChannelResult> channels;  // in input order
  double total_spend = 0;               // equals the budget to the cent
  double total_outcome = 0;
  double marginal_return = 0;           // μ: the common marginal return of unbound channels
  double kkt_residual = 0;              // largest relative violation of the KKT conditions
  int iterations = 0;
};

// The outcome of one channel at `spend`, and its slope.
double channel_outcome(const Channel& channel, double spend);
double channel_marginal_return(const Channel& channel, double spend);

// Throws std::invalid_argument naming what cannot be met: a channel that is not concave
// ("channels[2].saturation.shape"), bounds in the wrong order, negative values, or bounds whose
// sums cannot reach the budget ("budget: the lower bounds sum to 1200.00, above the budget").
AllocationSummary solve_concave(const std::vector<Channel>& channels,
                                const AllocationOptions& options);

}  // namespace budget
