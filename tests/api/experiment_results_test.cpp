// GET /api/v1/experiments/{id}/results against the real binary, every figure checked against a
// value computed here from the rows sent, by closed forms: the two-proportion test of the lift
// (delta method, z, erfc), Welch's t test of a mean (its degrees of freedom, and the t tail by
// numerical integration), a ratio metric (CPA) by the delta method, the Bayesian posterior, the
// confidence sequence, the chi-square sample-ratio check and the power plan. Also: stored rows
// re-sent replace themselves, and an experiment without rows answers "no results yet".
#include <cmath>
#include <cstdio>
#include <tuple>

#include "experiment_fixtures.h"

namespace api_test {
namespace {

constexpr double kZ80 = 0.8416212335729143;  // Φ⁻¹(0.8)

class ApiExperimentResults : public ExperimentTest {
 protected:
  // Two days of a 50/50 sign-up test: 10,000 visitors per variant, 10.2% against 11.5%.
  std::string sign_up_test() {
    const std::string id = create(conversion_design("Sign-up form", "running"))["id"];
    upload(id, {proportion_row("control", "2024-03-01", 5000, 500),
                proportion_row("treatment", "2024-03-01", 5000, 560),
                proportion_row("control", "2024-03-02", 5000, 520),
                proportion_row("treatment", "2024-03-02", 5000, 590)});
    return id;
  }
};

void expect_interval(const json& interval, double center, double half_width, double tolerance) {
  EXPECT_NEAR(interval["lower"].get<double>(), center - half_width, tolerance) << interval;
  EXPECT_NEAR(interval["upper"].get<double>(), center + half_width, tolerance) << interval;
}

TEST_P(ApiExperimentResults, ATwoProportionTestMatchesTheDeltaMethodAndTheNormalTail) {
  const std::string id = sign_up_test();
  json r = results(id);
  const double n = 10000, pc = 1020 / n, pt = 1150 / n;
  const double vc = pc * (1 - pc) / n, vt = pt * (1 - pt) / n;
  const double diff = pt - pc, diff_se = std::sqrt(vc + vt);
  const double lift = diff / pc, lift_se = std::sqrt(vt / (pc * pc) + pt * pt * vc / std::pow(pc, 4));
  const double lift_p = two_sided_normal_p(lift / lift_se);

  ASSERT_EQ(r["metrics"].size(), 1u) << r;
  const json& m = r["metrics"][0];
  EXPECT_EQ(m["control"]["units"], 10000);
  EXPECT_NEAR(m["control"]["value"].get<double>(), pc, 1e-15);
  const json& t = m["variants"][0];
  EXPECT_EQ(t["name"], "treatment");
  EXPECT_NEAR(t["value"].get<double>(), pt, 1e-15);
  EXPECT_NEAR(t["absolute"]["value"].get<double>(), diff, 1e-12);
  EXPECT_NEAR(t["absolute"]["standard_error"].get<double>(), diff_se, 1e-12);
  EXPECT_NEAR(t["absolute"]["p_value"].get<double>(), two_sided_normal_p(diff / diff_se), 1e-9);
  expect_interval(t["absolute"]["interval"], diff, kZ975 * diff_se, 1e-9);
  EXPECT_NEAR(t["relative"]["value"].get<double>(), lift, 1e-12);
  EXPECT_NEAR(t["relative"]["standard_error"].get<double>(), lift_se, 1e-12);
  EXPECT_NEAR(t["relative"]["p_value"].get<double>(), lift_p, 1e-9);
  expect_interval(t["relative"]["interval"], lift, kZ975 * lift_se, 1e-9);
  EXPECT_TRUE(t["degrees_of_freedom"].is_null()) << "a proportion's test is normal (infinite df)";
  EXPECT_NEAR(t["p_value"].get<double>(), lift_p, 1e-9) << "the decision reads the lift's test";
  EXPECT_NEAR(t["adjusted_p_value"].get<double>(), lift_p, 1e-9) << "one comparison";
  ASSERT_LT(lift_p, 0.05);
  EXPECT_EQ(t["verdict"], "better");
  // Bayesian, flat prior: the posterior is the likelihood of the lift.
  const json& b = t["bayesian"];
  EXPECT_NEAR(b["posterior_mean"].get<double>(), lift, 1e-12);
  EXPECT_NEAR(b["posterior_sd"].get<double>(), lift_se, 1e-12);
  EXPECT_NEAR(b["chance_to_beat_control"].get<double>(), normal_cdf(lift / lift_se), 1e-9);
  const double z = lift / lift_se;
  const double pdf = std::exp(-z * z / 2) / std::sqrt(2 * M_PI);
  EXPECT_NEAR(b["expected_loss"].get<double>(), lift_se * pdf - lift * normal_cdf(-z), 1e-9);
  EXPECT_NEAR(b["control_expected_loss"].get<double>(), lift_se * pdf + lift * normal_cdf(z), 1e-9);
  EXPECT_TRUE(t["sequential"].is_null()) << "off by default";

  EXPECT_EQ(r["decision"], "ship");
  EXPECT_EQ(r["recommended_variant"], "treatment");
  EXPECT_FALSE(r["reasons"].empty());
  EXPECT_EQ(r["has_results"], true);
  EXPECT_EQ(r["data"]["days_observed"], 2);
  EXPECT_EQ(r["data"]["result_rows"], 4);
  EXPECT_EQ(r["data"]["first_day"], "2024-03-01");
  EXPECT_EQ(r["srm"]["p_value"], 1.0);
  EXPECT_EQ(r["srm"]["mismatch"], false);
  // Power for a 5% lift (the default) on the lift's test: N = ((z s0 + z_power s1) / δ)².
  const double p1 = pc * 1.05, s0 = std::sqrt(pc * (1 - pc) * 4);
  const double s1 = std::sqrt(1.05 * 1.05 * pc * (1 - pc) / 0.5 + p1 * (1 - p1) / 0.5);
  const double needed = std::pow((kZ975 * s0 + kZ80 * s1) / (0.05 * pc), 2);
  const json& power = m["power"];
  EXPECT_NEAR(power["units_needed"].get<double>() / needed, 1, 1e-9) << power;
  EXPECT_NEAR(power["daily_units"].get<double>(), 10000, 1e-9);
  EXPECT_NEAR(power["days_needed"].get<double>(), needed / 10000, 1e-6);
}

TEST_P(ApiExperimentResults, QueryParametersOverrideTheStoredAnalysisDefaults) {
  const std::string id = sign_up_test();
  const double n = 10000, pc = 1020 / n, pt = 1150 / n;
  const double lift = (pt - pc) / pc;
  const double lift_variance = pt * (1 - pt) / n / (pc * pc) + pt * pt * pc * (1 - pc) / n / std::pow(pc, 4);

  json r = results(id, "?alpha=0.01");
  EXPECT_EQ(r["analysis"]["alpha"], 0.01);
  expect_interval(r["metrics"][0]["variants"][0]["relative"]["interval"], lift,
                  2.5758293035489004 * std::sqrt(lift_variance), 1e-9);
  // A proper prior N(0, 0.01): precisions add, the mean is precision-weighted.
  r = results(id, "?engine=bayesian&prior_mean=0&prior_variance=0.01");
  const double precision = 1 / 0.01 + 1 / lift_variance;
  const json& b = r["metrics"][0]["variants"][0]["bayesian"];
  EXPECT_NEAR(b["posterior_mean"].get<double>(), lift / lift_variance / precision, 1e-12);
  EXPECT_NEAR(b["posterior_sd"].get<double>(), std::sqrt(1 / precision), 1e-12);
  EXPECT_EQ(r["analysis"]["engine"], "bayesian");
  EXPECT_EQ(r["analysis"]["prior"], (json{{"mean", 0.0}, {"variance", 0.01}}));
  // Always-valid: the confidence sequence of Waudby-Smith et al. tuned at 5,000 units.
  r = results(id, "?sequential=true");
  const double total = 2 * n, alpha = 0.05;
  const double rho2 = (2 * std::log(1 / alpha) + std::log(1 + 2 * std::log(1 / alpha))) / 5000;
  const double s2 = lift_variance * total;
  const double half = std::sqrt(s2) * std::sqrt(2 * (total * rho2 + 1) / (total * total * rho2) *
                                                std::log(std::sqrt(total * rho2 + 1) / alpha));
  const double anytime = std::min(1.0, std::sqrt(total * rho2 + 1) *
                                           std::exp(-lift * lift * total * total * rho2 /
                                                    (2 * s2 * (total * rho2 + 1))));
  const json& s = r["metrics"][0]["variants"][0]["sequential"];
  ASSERT_TRUE(s.is_object()) << r;
  expect_interval(s["relative_interval"], lift, half, 1e-9);
  EXPECT_NEAR(s["p_value"].get<double>(), anytime, 1e-9);
  EXPECT_NEAR(r["metrics"][0]["variants"][0]["p_value"].get<double>(), anytime, 1e-9);
  // The stored defaults did not change, and bad overrides are 400s naming the parameter.
  EXPECT_EQ(results(id)["analysis"]["alpha"], 0.05);
  expect_field_problem(admin().get("/api/v1/experiments/" + id + "/results?alpha=2"), 400, "alpha");
  expect_field_problem(admin().get("/api/v1/experiments/" + id + "/results?engine=magic"), 400, "engine");
  expect_field_problem(admin().get("/api/v1/experiments/" + id + "/results?prior=flat&prior_mean=0.1"),
                       400, "prior");
  expect_field_problem(admin().get("/api/v1/experiments/" + id + "/results?srm_metric=nothing"), 400,
                       "srm_metric");
}

TEST_P(ApiExperimentResults, AMeanMetricIsComparedWithWelchsTest) {
  const std::string id = create(conversion_and_revenue_design("running"))["id"];
  // Revenue per user, summed per day: 40 control users and 50 treatment users over two days.
  Sums control, treatment;
  json rows = json::array();
  for (const auto& [variant, users, sums] :
       {std::tuple{"control", 40, &control}, std::tuple{"treatment", 50, &treatment}}) {
    Sums days[2];
    for (int i = 0; i < users; ++i) {
      const double y = variant == std::string("control") ? 20 + 7 * std::sin(1.3 * i) + i % 5
                                                         : 23 + 8 * std::cos(0.7 * i) + i % 3;
      sums->add(y);
      days[i % 2].add(y);
    }
    for (int d = 0; d < 2; ++d) {
      rows.push_back(revenue_row(variant, d == 0 ? "2024-03-01" : "2024-03-02",
                                 static_cast<std::int64_t>(days[d].n), days[d].total, days[d].squares));
    }
  }
  upload(id, rows);
  const double vc = control.sample_variance() / control.n;
  const double vt = treatment.sample_variance() / treatment.n;
  const double diff = treatment.mean() - control.mean(), se = std::sqrt(vc + vt);
  const double df = (vc + vt) * (vc + vt) / (vt * vt / (treatment.n - 1) + vc * vc / (control.n - 1));
  const double mc = control.mean(), mt = treatment.mean();
  const double lift = diff / mc, lift_se = std::sqrt(vt / (mc * mc) + mt * mt * vc / std::pow(mc, 4));

  json r = results(id);
  const json& revenue = r["metrics"][1];
  ASSERT_EQ(revenue["name"], "revenue");
  EXPECT_EQ(revenue["role"], "secondary");
  const json& t = revenue["variants"][0];
  EXPECT_NEAR(revenue["control"]["value"].get<double>(), mc, 1e-12);
  EXPECT_NEAR(t["degrees_of_freedom"].get<double>(), df, 1e-9);
  EXPECT_NEAR(t["absolute"]["value"].get<double>(), diff, 1e-12);
  EXPECT_NEAR(t["absolute"]["standard_error"].get<double>(), se, 1e-12);
  EXPECT_NEAR(t["absolute"]["p_value"].get<double>(), two_sided_t_p(diff / se, df), 1e-8);
  expect_interval(t["absolute"]["interval"], diff, t_critical(0.05, df) * se, 1e-7);
  EXPECT_NEAR(t["relative"]["value"].get<double>(), lift, 1e-12);
  EXPECT_NEAR(t["relative"]["standard_error"].get<double>(), lift_se, 1e-12);
  EXPECT_NEAR(t["relative"]["p_value"].get<double>(), two_sided_t_p(lift / lift_se, df), 1e-8);
  // The primary metric has no rows: its comparison is empty, with a note, and nothing is NaN.
  const json& signup = r["metrics"][0]["variants"][0];
  EXPECT_TRUE(signup["absolute"].is_null());
  EXPECT_TRUE(signup["p_value"].is_null());
  EXPECT_TRUE(signup["degrees_of_freedom"].is_null());
  EXPECT_FALSE(signup["note"].get<std::string>().empty());
  EXPECT_EQ(r["decision"], "keep_running");
}

TEST_P(ApiExperimentResults, ARatioMetricLowerIsBetterRoundTripsThroughStorage) {
  json design = conversion_design("Bidding", "running");
  design["metrics"] = {{{"name", "cpa"}, {"kind", "ratio"}, {"higher_is_better", false}}};
  const std::string id = create(design)["id"];
  // Campaign-days as units: each day's cost M and conversions D, summed with M², D² and M·D.
  struct RatioSums { double n = 0, m = 0, mm = 0, d = 0, dd = 0, md = 0; } control, treatment;
  json rows = json::array();
  for (int day = 1; day <= 14; ++day) {
    char date[16];
    std::snprintf(date, sizeof date, "2024-04-%02d", day);
    for (bool is_treatment : {false, true}) {
      const double cost = is_treatment ? 190 + 12 * std::cos(day) : 200 + 10 * std::sin(day);
      const double conversions = is_treatment ? 11 + day % 3 : 10 + day % 4;
      RatioSums& s = is_treatment ? treatment : control;
      s.n += 1;
      s.m += cost;
      s.mm += cost * cost;
      s.d += conversions;
      s.dd += conversions * conversions;
      s.md += cost * conversions;
      rows.push_back({{"variant", is_treatment ? "treatment" : "control"}, {"metric", "cpa"},
                      {"date", date}, {"units", 1}, {"total", cost}, {"total_squares", cost * cost},
                      {"denominator_total", conversions},
                      {"denominator_squares", conversions * conversions},
                      {"cross_total", cost * conversions}});
    }
  }
  upload(id, rows);
  // The delta method: Var(M/D) per unit = (s²_M − 2 r s_MD + r² s²_D) / D̄².
  auto per_unit = [](const RatioSums& s) {
    const double r = s.m / s.d, dbar = s.d / s.n;
    const double var_m = (s.mm - s.m * s.m / s.n) / (s.n - 1);
    const double var_d = (s.dd - s.d * s.d / s.n) / (s.n - 1);
    const double cov = (s.md - s.m * s.d / s.n) / (s.n - 1);
    return (var_m - 2 * r * cov + r * r * var_d) / (dbar * dbar) / s.n;
  };
  const double rc = control.m / control.d, rt = treatment.m / treatment.d;
  const double vc = per_unit(control), vt = per_unit(treatment);
  const double lift = (rt - rc) / rc;
  const double lift_se = std::sqrt(vt / (rc * rc) + rt * rt * vc / std::pow(rc, 4));
  const double df = (vc + vt) * (vc + vt) / (vt * vt / 13 + vc * vc / 13);
  const double p = two_sided_t_p(lift / lift_se, df);

  json r = results(id);
  const json& m = r["metrics"][0];
  EXPECT_EQ(m["kind"], "ratio");
  EXPECT_EQ(m["higher_is_better"], false);
  EXPECT_NEAR(m["control"]["value"].get<double>(), rc, 1e-12);
  const json& t = m["variants"][0];
  EXPECT_NEAR(t["value"].get<double>(), rt, 1e-12);
  EXPECT_NEAR(t["relative"]["value"].get<double>(), lift, 1e-12);
  EXPECT_NEAR(t["relative"]["standard_error"].get<double>(), lift_se, 1e-12);
  EXPECT_NEAR(t["degrees_of_freedom"].get<double>(), df, 1e-9);
  EXPECT_NEAR(t["p_value"].get<double>(), p, 1e-8);
  EXPECT_EQ(t["verdict"], p > 0.05 ? "inconclusive" : lift < 0 ? "better" : "worse");
  // A lower CPA is the better side: the chance to beat control is the mass below 0.
  EXPECT_NEAR(t["bayesian"]["chance_to_beat_control"].get<double>(), normal_cdf(-lift / lift_se), 1e-9);
  json stored = require(admin().get("/api/v1/experiments/" + id), 200, "experiment");
  EXPECT_EQ(stored["result_rows"], 28);
  EXPECT_EQ(stored["days_observed"], 14);
}

TEST_P(ApiExperimentResults, ASampleRatioMismatchOverridesEverything) {
  const std::string id = create(conversion_design("Broken split", "running"))["id"];
  upload(id, {proportion_row("control", "2024-03-01", 10000, 1000),
              proportion_row("treatment", "2024-03-01", 9000, 1300)});
  json r = results(id);
  const double chi2 = 2 * 500.0 * 500.0 / 9500;
  const json& srm = r["srm"];
  EXPECT_NEAR(srm["chi_squared"].get<double>(), chi2, 1e-9);
  EXPECT_EQ(srm["degrees_of_freedom"], 1);
  EXPECT_NEAR(srm["p_value"].get<double>() / std::erfc(std::sqrt(chi2 / 2)), 1, 1e-6);
  EXPECT_EQ(srm["mismatch"], true);
  EXPECT_EQ(srm["metric"], "signup");
  EXPECT_EQ(srm["variants"][0]["observed_units"], 10000);
  EXPECT_EQ(srm["variants"][1]["observed_units"], 9000);
  EXPECT_EQ(srm["variants"][1]["expected_units"], 9500.0);
  EXPECT_EQ(r["decision"], "fix_assignment");
  EXPECT_TRUE(r["recommended_variant"].is_null());
  EXPECT_EQ(r["metrics"][0]["variants"][0]["verdict"], "better") << "a big lift, but not trusted";
}

TEST_P(ApiExperimentResults, ResendingADayReplacesItSoRetriesChangeNothing) {
  const std::string id = sign_up_test();
  const std::string before = admin().get("/api/v1/experiments/" + id + "/results").body;
  json again = upload(id, {proportion_row("control", "2024-03-01", 5000, 500),
                           proportion_row("treatment", "2024-03-01", 5000, 560)});
  EXPECT_EQ(again["stored"], 2);
  EXPECT_EQ(again["replaced"], 2);
  EXPECT_EQ(again["result_rows"], 4);
  EXPECT_EQ(admin().get("/api/v1/experiments/" + id + "/results").body, before);
  // A corrected day replaces the stored one.
  upload(id, json::array({proportion_row("treatment", "2024-03-01", 5000, 600)}));
  json r = results(id);
  EXPECT_NEAR(r["metrics"][0]["variants"][0]["value"].get<double>(), 1190 / 10000.0, 1e-15);
  EXPECT_EQ(r["data"]["result_rows"], 4);
  // The Idempotency-Key replays the first answer.
  const json body = {{"rows", json::array({proportion_row("control", "2024-03-03", 10, 1)})}};
  Response first = admin().post("/api/v1/experiments/" + id + "/results", body, {"Idempotency-Key: day-3"});
  Response replay = admin().post("/api/v1/experiments/" + id + "/results", body, {"Idempotency-Key: day-3"});
  EXPECT_EQ(first.body, replay.body);
  EXPECT_EQ(replay.header("Idempotent-Replayed"), "true");
}

TEST_P(ApiExperimentResults, AnExperimentWithoutRowsAnswersNoResultsYet) {
  const std::string id = create(conversion_design("Just started", "running"))["id"];
  json r = results(id);
  EXPECT_EQ(r["has_results"], false);
  EXPECT_EQ(r["decision"], "keep_running");
  EXPECT_EQ(r["decision_text"], "no results yet");
  ASSERT_EQ(r["reasons"].size(), 1u);
  EXPECT_NE(r["reasons"][0].get<std::string>().find("no results"), std::string::npos);
  EXPECT_EQ(r["data"]["result_rows"], 0);
  EXPECT_TRUE(r["data"]["first_day"].is_null());
  EXPECT_EQ(r["metrics"][0]["control"]["units"], 0);
  EXPECT_TRUE(r["metrics"][0]["control"]["value"].is_null());
  EXPECT_TRUE(r["metrics"][0]["power"].is_null());
  EXPECT_EQ(r["srm"]["p_value"], 1.0);
}

TEST_P(ApiExperimentResults, ThePowerPlannerMatchesTheClosedForm) {
  // 20% → 22% (+10%), the lift's test at α = 5% and 80% power, 50/50.
  json plan = require(admin().post("/api/v1/experiments/power",
                                   {{"kind", "proportion"}, {"baseline", 0.2},
                                    {"minimum_detectable_effect", 0.1}, {"daily_units", 1000}}),
                      200, "plan");
  const double s0 = std::sqrt(0.16 * 4), s1 = std::sqrt(1.21 * 0.16 / 0.5 + 0.22 * 0.78 / 0.5);
  const double needed = std::pow((kZ975 * s0 + kZ80 * s1) / 0.02, 2);
  EXPECT_NEAR(plan["total_units_needed"].get<double>() / needed, 1, 1e-9) << plan;
  EXPECT_NEAR(plan["variants"][1]["units_needed"].get<double>(), needed / 2, 1e-6);
  EXPECT_NEAR(plan["days_needed"].get<double>(), needed / 1000, 1e-9);
  // The traffic that was planned has the planned power and detects the planned effect.
  plan = require(admin().post("/api/v1/experiments/power",
                              {{"kind", "proportion"}, {"baseline", 0.2},
                               {"minimum_detectable_effect", 0.1}, {"available_units", needed}}),
                 200, "plan with traffic");
  EXPECT_NEAR(plan["available"]["power"].get<double>(), 0.8, 1e-6);
  EXPECT_NEAR(plan["available"]["detectable_effect"].get<double>(), 0.1, 1e-4);
  // A mean: σ² = 400 per user around 50, three variants at 40/30/30 (Bonferroni over two).
  plan = require(admin().post("/api/v1/experiments/power",
                              {{"kind", "mean"}, {"baseline", 50}, {"unit_variance", 400},
                               {"weights", {0.4, 0.3, 0.3}}}),
                 200, "mean plan");
  const double z = 2.241402727604947;  // Φ⁻¹(1 − 0.05 / 4)
  const double m0 = std::sqrt(400 * (1 / 0.4 + 1 / 0.3));
  const double m1 = std::sqrt(1.05 * 1.05 * 400 / 0.4 + 400 / 0.3);
  EXPECT_NEAR(plan["total_units_needed"].get<double>() / std::pow((z * m0 + kZ80 * m1) / 2.5, 2), 1, 1e-9);
  EXPECT_EQ(plan["comparisons"], 2);
  expect_field_problem(admin().post("/api/v1/experiments/power", {{"kind", "mean"}, {"baseline", 50}}),
                       400, "unit_variance");
  expect_field_problem(admin().post("/api/v1/experiments/power", {{"kind", "proportion"}, {"baseline", 1.5}}),
                       400, "baseline");
  expect_field_problem(admin().post("/api/v1/experiments/power",
                                    {{"kind", "proportion"}, {"baseline", 0.2}, {"weights", {0.5, 0.4}}}),
                       400, "weights");
}

API_TEST_BACKENDS(ApiExperimentResults);

}  // namespace
}  // namespace api_test
