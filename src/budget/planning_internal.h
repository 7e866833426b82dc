// Internals of the horizon planner (planning.h is the contract): the objective over a flat
// vector x[i·T + t] of spends, its gradient and Hessian blocks, and the solver.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "budget/allocator_internal.h"

namespace budget::detail {

struct HorizonChannel {
  SteadyCurve curve;            // unit = 1 / scale: curve.value(level) is the period's outcome
  std::vector<double> weights;  // w_0 … w_{L−1}
  std::vector<double> past;     // the L−1 periods before the horizon, oldest first (0-padded)
  int counted = 0;              // periods whose outcome counts: T, or T + L − 1
};

struct Horizon {
  std::vector<HorizonChannel> channels;
  int periods = 0;
  std::vector<double> lower, upper;  // per x[i·T + t], whole steps
  double budget = 0;
  double step = 0.01;
  bool concave = true;
};

// The adstocked levels of channel i in periods 0 … end−1 (end >= counted), and the part of
// each that comes from past spend.
std::vector<double> levels(const Horizon& h, std::size_t i, std::span<const double> x, int end,
                           std::vector<double>* from_past = nullptr);
// The objective Σ_i Σ_{t < counted_i} outcome_{i,t}; fills `gradient` (size of x) if not empty.
double horizon_value(const Horizon& h, std::span<const double> x, std::span<double> gradient = {});
// The T×T Hessian block of channel i, row-major.
std::vector<double> hessian_block(const Horizon& h, std::size_t i, std::span<const double> x);

struct HorizonSolution {
  std::vector<double> x;  // unrounded, Σ x = budget
  double value = 0;
  int iterations = 0, starts = 0;
  double kkt_residual = 0, marginal_return = 0;
  std::string termination;
};

struct HorizonSettings {
  int starts = 4;
  unsigned seed = 1;
  double relative_tolerance = 1e-10;
  int max_iterations = 200;
  int max_local_evaluations = 5000;
};

// SLSQP from the reference (and random starts for S-shaped curves), each polished by the
// active-set Newton iteration; the best.
HorizonSolution solve_horizon(const Horizon& h, std::span<const double> reference, const HorizonSettings& settings);

}  // namespace budget::detail
