// Non-negative least squares in normal-equations (Gram) form, for the response-curve fit's
// inner problem: the channels' betas, once the free baseline has been projected out.
// Internal to budget/; not part of the public API.
#pragma once

#include <Eigen/Dense>

namespace budget::detail {

struct NnlsResult {
  int iterations = 0;       // outer iterations (columns freed)
  bool converged = false;   // the KKT conditions hold to rounding
};

// Minimises ‖A x − b‖² over x >= 0 given G = AᵀA and h = Aᵀb (k × k and k; k is the number of
// channels, small), by Lawson & Hanson's active-set method. Columns are rescaled to unit norm
// internally, so betas of very different magnitudes are solved alike; a column whose norm is
// negligible (a channel that never spent, or one the baseline explains entirely) gets x = 0.
// `x` is resized to k. Allocates only small k-sized temporaries.
NnlsResult nnls_gram(const Eigen::MatrixXd& gram, const Eigen::VectorXd& h, Eigen::VectorXd& x);

}  // namespace budget::detail
