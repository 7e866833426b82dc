// The response-curve fit's objective and search, internal to budget/ (fit.h is the contract).
//
// Variable projection: for fixed nonlinear parameters θ (adstock and saturation, a point of the
// unit cube) the model is linear in the free baseline coefficients γ, the betas β and the
// bounded baseline coefficients δ (the intercept, when it must be >= 0),
//     y ≈ B γ + S(θ) β + D δ,   β >= 0, δ >= 0.
// γ is free, so it is profiled out exactly: with Q an orthonormal basis of B's columns and
// M = I − QQᵀ, the best γ for any (β, δ) leaves the residual M(y − Sβ − Dδ), and (β, δ) solve
// the small non-negative least-squares problem min ‖M y − M [S D] (β, δ)‖² (nnls.h). The
// search then only sees RSS(θ), over as few dimensions as there are nonlinear parameters.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "budget/response_curves.h"

namespace budget::detail {

// One nonlinear parameter's search range; the search works on u ∈ [0, 1], mapped linearly or,
// for scale-like parameters, geometrically (equal steps are equal ratios).
struct ParameterSpec {
  const char* name = "";
  double lower = 0;
  double upper = 1;
  bool logarithmic = false;
};
double parameter_value(const ParameterSpec& spec, double unit);

// One channel's model: its kinds, fixed spend scale, and the slice of the search vector it owns.
struct ChannelModel {
  std::vector<double> spend;      // currency units per period
  double scale = 1;               // mean spend over the periods with spend > 0 (1 if none)
  bool active = false;            // spent in some period; inactive channels own no parameters
  Adstock adstock;                // kind, window and normalisation; parameters come from u
  SaturationKind saturation = SaturationKind::logistic;
  std::vector<ParameterSpec> specs;  // adstock parameters, then saturation parameters
  std::size_t offset = 0;         // index of specs[0] in the search vector

  // The curve at this channel's slice `unit` (specs.size() values) with the given beta.
  ResponseCurve curve(const double* unit, double beta) const;
};

ChannelModel make_channel_model(std::vector<double> spend, const Adstock& adstock,
                                SaturationKind saturation, bool allow_s_shaped,
                                std::size_t offset);

class ProjectedProblem {
 public:
  // `free` (T × p, p may be 0) and `bounded` (T × q) baseline columns must together have full
  // column rank; channels' offsets must tile 0 … dimension.
  ProjectedProblem(const Eigen::MatrixXd& free, const Eigen::MatrixXd& bounded,
                   std::vector<ChannelModel> channels);

  std::size_t dimension() const { return dimension_; }
  const std::vector<ChannelModel>& channels() const { return channels_; }

  // Sets the outcome (T values) that rss() fits. Keeps the cached channel columns.
  void set_outcome(const Eigen::VectorXd& outcome);

  // The residual sum of squares at `unit` (dimension() values in [0, 1]), with the optimal
  // betas and baseline. Columns of channels whose parameters did not change since the
  // previous call are reused. Afterwards betas() and saturated() describe this point.
  double rss(const double* unit);
  // The channels' betas, then the bounded baseline coefficients δ.
  const Eigen::VectorXd& betas() const { return beta_; }
  // T × channels: saturate(adstock(spend) / scale), i.e. each contribution for beta = 1.
  const Eigen::MatrixXd& saturated() const { return saturated_; }
  // The baseline coefficients for the last rss() point: δ, then γ (in the columns' units).
  Eigen::VectorXd baseline_coefficients() const;

 private:
  void update_column(std::size_t c, const double* unit);

  std::vector<ChannelModel> channels_;
  std::size_t dimension_ = 0;
  Eigen::HouseholderQR<Eigen::MatrixXd> qr_;  // of the column-normalised free baseline
  Eigen::VectorXd column_norms_;
  Eigen::MatrixXd q_;                          // T × p, orthonormal
  Eigen::MatrixXd bounded_;                    // D
  Eigen::VectorXd outcome_;
  double projected_outcome_norm2_ = 0;         // ‖M y‖²
  Eigen::MatrixXd saturated_;                  // S
  Eigen::MatrixXd projected_;                  // M [S D]
  Eigen::MatrixXd gram_;                       // (M [S D])ᵀ (M [S D])
  Eigen::VectorXd cross_;                      // (M [S D])ᵀ y
  Eigen::VectorXd beta_;
  Eigen::VectorXd projection_coefficients_;    // Qᵀ s, scratch
  std::vector<std::vector<double>> cached_unit_;
};

// One local search by NLopt's BOBYQA in the unit cube.
struct LocalSearch {
  std::vector<double> unit;       // best point found
  double rss = 0;
  int evaluations = 0;
  bool converged = false;         // stopped by the tolerance, not by the evaluation limit
  std::string termination;
};
LocalSearch local_search(ProjectedProblem& problem, std::vector<double> start,
                         int max_evaluations, double tolerance, double initial_step);

// Multi-start: the cube's centre and the best (starts − 1) of 16 · starts Latin-hypercube
// samples (drawn with `rng`), each refined by local_search; the best result, and in
// `evaluations` / `searches` the totals spent.
struct MultiStart {
  LocalSearch best;
  int evaluations = 0;
  int searches = 0;
};
MultiStart multi_start(ProjectedProblem& problem, int starts, int max_evaluations,
                       double tolerance, std::mt19937_64& rng);

// A uniform draw in [0, 1) from the generator's raw bits, identical on every platform
// (std::uniform_real_distribution is not).
double uniform(std::mt19937_64& rng);

}  // namespace budget::detail
