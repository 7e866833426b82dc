#include "budget/fit_validation.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>

namespace budget::detail {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw std::invalid_argument(std::string(path).append(": ").append(message));
}

std::string indexed(const char* field, std::size_t i) {
  return std::string(field).append("[").append(std::to_string(i)).append("]");
}

void check_series(const std::string& path, const std::vector<double>& values,
                  std::size_t periods, bool non_negative) {
  if (values.size() != periods) {
    fail(path, std::to_string(values.size())
                   .append(" periods, outcome has ")
                   .append(std::to_string(periods)));
  }
  for (std::size_t t = 0; t < values.size(); ++t) {
    if (!std::isfinite(values[t])) fail(path, "non-finite value in period " + std::to_string(t));
    if (non_negative && values[t] < 0) {
      fail(path, "negative value in period " + std::to_string(t));
    }
  }
}

void check_name(const std::string& path, const std::string& name, std::set<std::string>& seen) {
  if (name.empty()) fail(path, "empty");
  if (!seen.insert(name).second) fail(path, "'" + name + "' appears twice");
}

void validate_outcome(const std::vector<double>& outcome) {
  if (outcome.empty()) fail("outcome", "no periods");
  for (std::size_t t = 0; t < outcome.size(); ++t) {
    if (!std::isfinite(outcome[t])) {
      fail("outcome", "non-finite value in period " + std::to_string(t));
    }
  }
  bool constant = true;
  for (double y : outcome) constant = constant && y == outcome.front();
  if (constant) fail("outcome", "constant over all periods, nothing to explain");
}

void validate_data(const FitData& data) {
  validate_outcome(data.outcome);
  const std::size_t periods = data.outcome.size();
  if (data.channels.empty()) fail("channels", "at least one channel is required");
  std::set<std::string> names;
  for (std::size_t i = 0; i < data.channels.size(); ++i) {
    const std::string path = indexed("channels", i);
    check_name(path + ".name", data.channels[i].name, names);
    check_series(path + ".spend", data.channels[i].spend, periods, true);
  }
  names.clear();
  for (std::size_t i = 0; i < data.controls.size(); ++i) {
    const std::string path = indexed("controls", i);
    check_name(path + ".name", data.controls[i].name, names);
    check_series(path + ".values", data.controls[i].values, periods, false);
  }
  if (!data.day_of_year.empty() && data.day_of_year.size() != periods) {
    fail("day_of_year", std::to_string(data.day_of_year.size())
                            .append(" periods, outcome has ")
                            .append(std::to_string(periods)));
  }
  for (std::size_t t = 0; t < data.day_of_year.size(); ++t) {
    int day = data.day_of_year[t];
    if (day < 1 || day > 366) {
      fail("day_of_year", std::to_string(day)
                              .append(" in period ")
                              .append(std::to_string(t))
                              .append(" is outside 1-366"));
    }
  }
  if (data.period_days < 1) fail("period_days", "must be >= 1");
}

void require(bool ok, const char* path, const char* message) {
  if (!ok) fail(path, message);
}

void validate_options(const FitOptions& o, const FitData& data) {
  require(o.adstock_window >= 0 && o.adstock_window <= 520, "options.adstock_window",
          "must be 0-520 periods");
  require(o.fourier_order >= 0 && o.fourier_order <= 10, "options.fourier_order",
          "must be 0-10");
  require(o.starts >= 1 && o.starts <= 1000, "options.starts", "must be 1-1000");
  require(o.max_evaluations >= 10, "options.max_evaluations", "must be >= 10");
  require(o.tolerance > 0 && o.tolerance <= 0.1, "options.tolerance", "must be in (0, 0.1]");
  require(o.bootstrap_samples >= 0 && o.bootstrap_samples <= 10000,
          "options.bootstrap_samples", "must be 0-10000");
  require(o.bootstrap_block_length >= 0 &&
              static_cast<std::size_t>(o.bootstrap_block_length) <= data.outcome.size(),
          "options.bootstrap_block_length", "must be 0 to the number of periods");
  require(o.bootstrap_max_evaluations >= 10, "options.bootstrap_max_evaluations",
          "must be >= 10");
  require(o.interval_level > 0 && o.interval_level < 1, "options.interval_level",
          "must be in (0, 1)");
  require(o.current_spend_days >= 1, "options.current_spend_days", "must be >= 1");
  for (const auto& [name, kind] : o.saturation_by_channel) {
    bool known = false;
    for (const auto& c : data.channels) known = known || c.name == name;
    if (!known) fail("options.saturation_by_channel", "no channel named '" + name + "'");
  }
}

// The field a baseline column comes from, for the error message.
std::string column_path(std::size_t column, std::size_t columns, const FitData& data,
                        const FitOptions& options) {
  const std::size_t controls_start = columns - data.controls.size();
  if (column >= controls_start) return indexed("controls", column - controls_start) + ".values";
  const std::size_t trend_columns = options.trend == TrendKind::none        ? 0
                                    : options.trend == TrendKind::quadratic ? 2
                                                                            : 1;
  const std::size_t first_trend = options.intercept ? 1 : 0;
  if (column >= first_trend + trend_columns) return "day_of_year";
  return column < first_trend ? "outcome" : "options.trend";
}

}  // namespace

void validate_fit_input(const FitData& data, const FitOptions& options) {
  validate_data(data);
  validate_options(options, data);
}

void check_baseline_rank(const Eigen::MatrixXd& columns, const FitData& data,
                         const FitOptions& options) {
  if (columns.cols() == 0) return;  // no baseline at all (no intercept, trend, ...)
  Eigen::VectorXd norms = columns.colwise().norm().transpose();
  for (Eigen::Index j = 0; j < norms.size(); ++j) {
    if (norms(j) == 0) {
      fail(column_path(static_cast<std::size_t>(j), static_cast<std::size_t>(columns.cols()),
                       data, options),
           options.intercept ? "constant over all periods, which the intercept already is"
                             : "zero in every period");
    }
  }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(columns * norms.cwiseInverse().asDiagonal());
  qr.setThreshold(1e-10);
  if (qr.rank() == columns.cols()) return;
  // Pivoting moves the dependent columns last; blame the latest of them in input order.
  Eigen::Index blamed = 0;
  for (Eigen::Index k = qr.rank(); k < columns.cols(); ++k) {
    blamed = std::max<Eigen::Index>(blamed, qr.colsPermutation().indices()(k));
  }
  fail(column_path(static_cast<std::size_t>(blamed), static_cast<std::size_t>(columns.cols()),
                   data, options),
       "linearly dependent on the other baseline terms (intercept, trend, seasonality, "
       "controls)");
}

void check_enough_periods(int periods, int parameters) {
  if (periods < 2 * parameters) {
    fail("outcome", std::to_string(periods)
                        .append(" periods are too few for ")
                        .append(std::to_string(parameters))
                        .append(" parameters (at least two periods per parameter)"));
  }
}

int adstock_window_periods(const FitOptions& options, int period_days) {
  if (options.adstock_window > 0) return options.adstock_window;
  return std::clamp((56 + period_days - 1) / period_days, 1, 520);
}

}  // namespace budget::detail
