// Internal to budget/: NLopt's SLSQP maximising a smooth objective over variables held in boxes
// whose sum is fixed — the local search of the allocator (S-shaped curves) and of the horizon
// planner. Callers scale their variables so they are of order one and pass the objective with
// its exact gradient in those units.
#pragma once

#include <vector>

namespace budget::detail {

// NLopt's callback: the value at v (n entries), and its gradient when `gradient` is not null.
using Objective = double (*)(unsigned n, const double* v, double* gradient, void* data);

struct FixedSumSearch {
  std::vector<double> lower, upper;  // per variable; an unbounded upper is HUGE_VAL
  double sum = 0;                    // Σ v must equal it, within sum_tolerance
  double sum_tolerance = 1e-12;
  double x_tolerance = 1e-10;        // relative
  double f_tolerance = 1e-14;        // relative
  int max_evaluations = 1000;
};

// Runs SLSQP from `v` and leaves in it the best point reached, also when NLopt stops on
// round-off or a failed line search (the caller's polish decides what that point is worth).
void maximise_on_fixed_sum(Objective objective, void* data, std::vector<double>& v,
                           const FixedSumSearch& search);

}  // namespace budget::detail
