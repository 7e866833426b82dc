// Shared by the /api/v1/experiments tests: a tenant with one client, experiment designs, result
// rows, and statistics computed independently of the service (closed forms and numerical
// integration, no Boost) to check its answers against.
#pragma once

#include <memory>
#include <string>

#include "fixtures.h"

namespace api_test {

// A 50/50 control/treatment test of one primary proportion metric, "signup".
json conversion_design(const std::string& name, const std::string& status = "draft");
// The same with a secondary mean metric, "revenue".
json conversion_and_revenue_design(const std::string& status = "draft");

json proportion_row(const std::string& variant, const std::string& date, std::int64_t units,
                    double conversions, const std::string& metric = "signup");
json revenue_row(const std::string& variant, const std::string& date, std::int64_t units,
                 double total, double total_squares);

// Per-unit values summed as a mean metric's row stores them.
struct Sums {
  double n = 0, total = 0, squares = 0;
  void add(double y) {
    n += 1;
    total += y;
    squares += y * y;
  }
  double mean() const { return total / n; }
  double sample_variance() const { return (squares - total * total / n) / (n - 1); }
};

// Standard normal: the CDF and the two-sided p-value of z.
double normal_cdf(double x);
double two_sided_normal_p(double z);
// Student's t: the two-sided p-value of t with `df` degrees of freedom (Simpson's rule on the
// density) and the quantile at 1 − alpha/2 (bisection on it).
double two_sided_t_p(double t, double df);
double t_critical(double alpha, double df);
inline constexpr double kZ975 = 1.959963984540054;

class ExperimentTest : public ApiTest {
 protected:
  void SetUp() override;

  HttpClient& admin() { return *admin_; }
  const std::string& client_id() const { return client_id_; }
  // POST /api/v1/experiments with client_id filled in when absent.
  Response post_experiment(json body);
  // The same, answered 201.
  json create(json body);
  // POST …/results answered 200.
  json upload(const std::string& id, const json& rows);
  // GET …/results answered 200.
  json results(const std::string& id, const std::string& query = "");

 private:
  Tenant tenant_;
  std::unique_ptr<HttpClient> admin_;
  std::string client_id_;
};

}  // namespace api_test
