#include "budget/fixed_sum_search.h"

#include <nlopt.hpp>

namespace budget::detail {
namespace {

double total_minus_sum(unsigned n, const double* v, double* gradient, void* data) {
  double total = 0;
  for (unsigned k = 0; k < n; ++k) {
    total += v[k];
    if (gradient) gradient[k] = 1;
  }
  return total - *static_cast<const double*>(data);
}

}  // namespace

void maximise_on_fixed_sum(Objective objective, void* data, std::vector<double>& v,
                           const FixedSumSearch& search) {
  nlopt::opt opt(nlopt::LD_SLSQP, static_cast<unsigned>(v.size()));
  opt.set_lower_bounds(search.lower);
  opt.set_upper_bounds(search.upper);
  opt.set_max_objective(objective, data);
  double sum = search.sum;
  opt.add_equality_constraint(total_minus_sum, &sum, search.sum_tolerance);
  opt.set_xtol_rel(search.x_tolerance);
  opt.set_ftol_rel(search.f_tolerance);
  opt.set_maxeval(search.max_evaluations);
  double value = 0;
  try {
    opt.optimize(v, value);
  } catch (const std::exception&) {
    // `v` holds the best point NLopt reached.
  }
}

}  // namespace budget::detail
