#include "experiment_fixtures.h"

#include <cmath>

namespace api_test {

json conversion_design(const std::string& name, const std::string& status) {
  return {{"name", name},
          {"hypothesis", "a shorter sign-up form converts more visitors"},
          {"variants", {{{"name", "control"}, {"weight", 0.5}}, {{"name", "treatment"}, {"weight", 0.5}}}},
          {"metrics", {{{"name", "signup"}, {"kind", "proportion"}}}},
          {"status", status}};
}

json conversion_and_revenue_design(const std::string& status) {
  json design = conversion_design("Form and revenue", status);
  design["metrics"].push_back({{"name", "revenue"}, {"kind", "mean"}, {"role", "secondary"}});
  return design;
}

json proportion_row(const std::string& variant, const std::string& date, std::int64_t units,
                    double conversions, const std::string& metric) {
  return {{"variant", variant}, {"metric", metric}, {"date", date}, {"units", units},
          {"total", conversions}};
}

json revenue_row(const std::string& variant, const std::string& date, std::int64_t units,
                 double total, double total_squares) {
  return {{"variant", variant}, {"metric", "revenue"}, {"date", date}, {"units", units},
          {"total", total},     {"total_squares", total_squares}};
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double two_sided_normal_p(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

double two_sided_t_p(double t, double df) {
  const double scale =
      std::exp(std::lgamma((df + 1) / 2) - std::lgamma(df / 2)) / std::sqrt(df * M_PI);
  auto density = [&](double x) { return scale * std::pow(1 + x * x / df, -(df + 1) / 2); };
  const int steps = 20'000;  // even
  const double b = std::abs(t), h = b / steps;
  double integral = density(0) + density(b);
  for (int i = 1; i < steps; ++i) integral += (i % 2 ? 4 : 2) * density(i * h);
  return 1 - 2 * integral * h / 3;
}

double t_critical(double alpha, double df) {
  double low = 0, high = 100;
  for (int i = 0; i < 100; ++i) {
    const double mid = (low + high) / 2;
    (two_sided_t_p(mid, df) > alpha ? low : high) = mid;
  }
  return (low + high) / 2;
}

void ExperimentTest::SetUp() {
  ApiTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  tenant_ = service().create_tenant("experiments");
  admin_ = std::make_unique<HttpClient>(service().client(tenant_.admin_key));
  client_id_ = "shop-" + random_hex(6);
  create_client(*admin_, client_id_);
}

Response ExperimentTest::post_experiment(json body) {
  if (!body.contains("client_id")) body["client_id"] = client_id_;
  return admin_->post("/api/v1/experiments", body);
}

json ExperimentTest::create(json body) {
  return require(post_experiment(std::move(body)), 201, "create experiment");
}

json ExperimentTest::upload(const std::string& id, const json& rows) {
  return require(admin_->post("/api/v1/experiments/" + id + "/results", {{"rows", rows}}), 200,
                 "upload results");
}

json ExperimentTest::results(const std::string& id, const std::string& query) {
  return require(admin_->get("/api/v1/experiments/" + id + "/results" + query), 200, "results");
}

}  // namespace api_test
