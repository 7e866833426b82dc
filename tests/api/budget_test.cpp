// POST /api/v1/budget/optimize and GET /api/v1/budget/response-curves against the real binary,
// on a client whose history follows known curves: conversions = a · spend^0.6 per day on three
// platforms whose budgets moved every two weeks. The fitted curves, the optimum against the
// truth, bounds, locks and totals to the cent, the never-worse rule, benchmark priors for a new
// platform, planning ahead, storage, and bad input answered 400 with nothing stored.
#include <cmath>

#include "core/date.h"
#include "fixtures.h"

namespace api_test {
namespace {

constexpr double kElasticity = 0.6;
struct Truth {
  const char* platform;
  double a;       // conversions per day = a · spend^0.6
  double budget;  // today's daily budget
};
constexpr Truth kTruth[] = {{"google_ads", 0.9, 300}, {"meta_ads", 0.5, 200}, {"tiktok_ads", 0.3, 150}};
constexpr double kLevels[] = {0.55, 0.8, 0.65, 1.0, 0.7, 0.9};
constexpr int kDays = 84;

double true_conversions(const Truth& t, double spend) { return t.a * std::pow(spend, kElasticity); }

std::string history_csv() {
  std::string csv = "date,campaign_name,platform,impressions,clicks,spend,conversions,conversion_value\n";
  for (int day = kDays; day >= 1; --day) {
    std::string date = core::format_iso_date(core::today_utc() - day);
    for (std::size_t i = 0; i < std::size(kTruth); ++i) {
      const Truth& t = kTruth[i];
      int phase = (day - 1) / 14;  // the latest two weeks at today's budget
      double level = phase == 0 ? 1.0 : kLevels[(static_cast<std::size_t>(phase) + 2 * i) % 6];
      double spend = std::round(t.budget * level * 100) / 100;
      double conversions = true_conversions(t, spend);
      char row[256];
      std::snprintf(row, sizeof row, "%s,%s main,%s,%d,%d,%.2f,%.4f,%.2f\n", date.c_str(),
                    t.platform, t.platform, static_cast<int>(spend * 50),
                    static_cast<int>(spend * 2), spend, conversions, conversions * 80);
      csv += row;
    }
  }
  return csv;
}

class ApiBudget : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tenant_ = service().create_tenant("budget");
    admin_ = std::make_unique<HttpClient>(service().client(tenant_.admin_key));
    client_id_ = "curves-" + random_hex(6);
    create_client(*admin_, client_id_);
    json report = require(admin_->request("POST", "/api/v1/imports?client_id=" + client_id_,
                                          history_csv(), {"Content-Type: text/csv"}),
                          200, "import");
    ASSERT_EQ(report["rows_rejected"], 0) << report;
  }
  json optimize(json body, long status = 201) {
    body["client_id"] = client_id_;
    return require(admin_->post("/api/v1/budget/optimize", body), status, "optimize");
  }
  const json& channel(const json& answer, const std::string& id) {
    for (const auto& c : answer["channels"]) {
      if (c["channel"] == id) return c;
    }
    ADD_FAILURE() << id << " not in " << answer["channels"];
    static const json none;
    return none;
  }
  json stored() {
    return require(admin_->get("/api/v1/budget/optimizations?client_id=" + client_id_), 200,
                   "list optimizations")["items"];
  }

  Tenant tenant_;
  std::unique_ptr<HttpClient> admin_;
  std::string client_id_;
};

TEST_P(ApiBudget, CurvesAreFittedFromTheHistoryAndTheirMarginalReturnsMatchTheTruth) {
  json curves = require(admin_->get("/api/v1/budget/response-curves?client_id=" + client_id_ +
                                    "&period_days=1"),
                        200, "curves");
  ASSERT_EQ(curves["channels"].size(), 3u) << curves;
  EXPECT_EQ(curves["curve_period_days"], 1);
  for (const Truth& t : kTruth) {
    SCOPED_TRACE(t.platform);
    const json& c = channel(curves, t.platform);
    ASSERT_EQ(c["source"], "fitted") << c["note"];
    // Current spend: the mean of the last 28 days (two weeks at today's budget, two at the
    // level before). The marginal return there is the true curve's slope within 20%.
    double spend = c["current"]["spend"];
    double slope = kElasticity * true_conversions(t, spend) / spend;
    double marginal = c["fit"]["marginal_roas"];
    EXPECT_NEAR(marginal, slope, 0.2 * slope);
    ASSERT_TRUE(c["fit"]["marginal_roas_interval"].is_array());
    EXPECT_GE(c["points"].size(), 2u);
    // ROAS over the history: conversions per currency unit, against the truth's at today's budget
    // (the history's spend ranges 0.55–1 of it).
    double roas = c["fit"]["roas"];
    double typical = true_conversions(t, 0.8 * t.budget) / (0.8 * t.budget);
    EXPECT_NEAR(roas, typical, 0.2 * typical);
    EXPECT_LT(marginal, roas) << "a concave curve's marginal return is below its average";
    EXPECT_GT(c["fit"]["r_squared"].get<double>(), 0.9);
  }
}

TEST_P(ApiBudget, TheOptimumBeatsTheCurrentSplitOnTheTrueCurvesAndSpendsTheBudgetToTheCent) {
  // Without learning-phase floors, so the split follows the curves alone.
  json answer = optimize({{"budget", 19500}, {"period_days", 30}, {"learning_phase", false}});
  ASSERT_TRUE(answer["improved"]) << answer["reason"];
  double total = 0, reference_truth = 0, optimal_truth = 0;
  for (const Truth& t : kTruth) {
    const json& c = channel(answer, t.platform);
    double optimal = c["optimal"]["spend"];
    total += optimal;
    EXPECT_EQ(std::round(optimal * 100) / 100, optimal) << "whole cents";
    optimal_truth += 30 * true_conversions(t, optimal / 30);
    EXPECT_EQ(c["curve_source"], "fitted");
    ASSERT_TRUE(c["optimal"]["outcome_interval"].is_array());
    EXPECT_LE(c["optimal"]["outcome_interval"][0].get<double>(), c["optimal"]["outcome"].get<double>());
    EXPECT_GE(c["optimal"]["outcome_interval"][1].get<double>(), c["optimal"]["outcome"].get<double>());
    EXPECT_GE(c["curve"]["points"].size(), 2u);
  }
  EXPECT_NEAR(total, 19500, 1e-6);
  // The reference: the current split (the last 28 days) scaled to the budget.
  double current_total = answer["totals"]["current"]["spend"];
  for (const Truth& t : kTruth) {
    double current = channel(answer, t.platform)["current"]["spend"];
    reference_truth += 30 * true_conversions(t, current / current_total * 19500 / 30);
  }
  EXPECT_NEAR(answer["totals"]["optimal"]["spend"].get<double>(), 19500, 1e-6);
  // Under the true curves the optimum of 650 a day is spend_i ∝ a_i^(1/(1−0.6)): the
  // recommended plan must deliver more than the reference on the truth, and most of the way to
  // the true optimum.
  double weights = 0;
  for (const Truth& t : kTruth) weights += std::pow(t.a, 2.5);
  double best_truth = 0;
  for (const Truth& t : kTruth) {
    best_truth += 30 * true_conversions(t, 650 * std::pow(t.a, 2.5) / weights);
  }
  EXPECT_GT(optimal_truth, reference_truth);
  EXPECT_GT(optimal_truth - reference_truth, 0.8 * (best_truth - reference_truth))
      << "reference " << reference_truth << ", recommended " << optimal_truth << ", best "
      << best_truth << "\n" << answer["channels"].dump();
  EXPECT_FALSE(answer["diagnostics"]["method"].get<std::string>().empty());
  EXPECT_LT(answer["diagnostics"]["kkt_residual"].get<double>(), 1e-6);
  // Stored and fetchable.
  json fetched = require(admin_->get("/api/v1/budget/optimizations/" + answer["id"].get<std::string>()),
                         200, "fetch");
  EXPECT_EQ(fetched["channels"], answer["channels"]);
  EXPECT_EQ(stored().size(), 1u);
}

TEST_P(ApiBudget, BoundsLocksAndMultiplesHold) {
  json answer = optimize({{"budget", 19500},
                          {"channels",
                           {{{"channel", "google_ads"}, {"max_spend", 6000}},
                            {{"channel", "meta_ads"}, {"locked", true}, {"spend", 6000}},
                            {{"channel", "tiktok_ads"}, {"min_multiple", 0.8}}}}});
  const json& google = channel(answer, "google_ads");
  const json& meta = channel(answer, "meta_ads");
  const json& tiktok = channel(answer, "tiktok_ads");
  EXPECT_LE(google["optimal"]["spend"].get<double>(), 6000 + 1e-9);
  EXPECT_EQ(google["binding"], "upper") << google;
  EXPECT_NEAR(meta["optimal"]["spend"].get<double>(), 6000, 1e-9);
  EXPECT_GE(tiktok["optimal"]["spend"].get<double>(), 0.8 * tiktok["current"]["spend"].get<double>() - 0.01);
  EXPECT_NEAR(answer["totals"]["optimal"]["spend"].get<double>(), 19500, 1e-6);
}

TEST_P(ApiBudget, WhenEverythingIsLockedNothingBeatsTheCurrentPlanAndTheAnswerSaysWhy) {
  json locked = json::array();
  for (const Truth& t : kTruth) locked.push_back({{"channel", t.platform}, {"locked", true}});
  json curves = require(admin_->get("/api/v1/budget/response-curves?client_id=" + client_id_), 200,
                        "curves");
  double current = 0;
  for (const auto& c : curves["channels"]) current += c["current"]["spend"].get<double>();
  json answer = optimize({{"budget", std::round(current * 100) / 100}, {"channels", locked}});
  EXPECT_FALSE(answer["improved"]);
  EXPECT_FALSE(answer["reason"].get<std::string>().empty());
  for (const auto& c : answer["channels"]) {
    EXPECT_NEAR(c["optimal"]["spend"].get<double>(), c["current"]["spend"].get<double>(), 0.011);
  }
}

TEST_P(ApiBudget, TargetGoalsFindTheLeastBudgetAndRespectACostPerConversion) {
  json least = optimize({{"goal", "min_budget_for_target"}, {"target", 1200}});
  EXPECT_NEAR(least["totals"]["optimal"]["outcome"].get<double>(), 1200, 1200 * 1e-3) << least["totals"];
  json cpa = optimize({{"goal", "target_cpa"}, {"target", 15}, {"budget", 40000}, {"learning_phase", false}});
  const json& totals = cpa["totals"]["optimal"];
  EXPECT_LE(totals["spend"].get<double>() / totals["outcome"].get<double>(), 15 * (1 + 1e-6)) << totals;
  // A target no plan can reach is a 400 naming it.
  expect_field_problem(admin_->post("/api/v1/budget/optimize",
                                    {{"client_id", client_id_}, {"goal", "target_cpa"}, {"target", 1},
                                     {"budget", 40000}}),
                       400, "target");
}

TEST_P(ApiBudget, APlatformWithoutHistoryEntersOnBenchmarkPriorsAndIsFlagged) {
  json answer = optimize({{"budget", 25000}, {"channels", {{{"channel", "linkedin_ads"}, {"max_spend", 3000}}}}});
  const json& linkedin = channel(answer, "linkedin_ads");
  EXPECT_EQ(linkedin["curve_source"], "benchmark prior");
  EXPECT_TRUE(linkedin["optimal"]["outcome_interval"].is_null());
  bool listed = false;
  for (const auto& a : answer["assumptions"]) listed = listed || a["field"] == "channels[0].channel";
  EXPECT_TRUE(listed) << answer["assumptions"];
}

TEST_P(ApiBudget, PlanningAheadSpendsTheRateOverTheHorizonWithCarryOver) {
  json answer = optimize({{"budget", 19500}, {"plan_ahead", {{"weeks", 2}}}});
  const json& plan = answer["plan_ahead"];
  ASSERT_TRUE(plan.is_object()) << answer;
  EXPECT_EQ(plan["periods"], 14);
  double spent = 0;
  for (const auto& c : plan["channels"]) {
    ASSERT_EQ(c["spend_by_period"].size(), 14u);
    for (const auto& s : c["spend_by_period"]) spent += s.get<double>();
  }
  EXPECT_NEAR(spent, plan["budget"].get<double>(), 0.01 * 3 * 14);
  // Week by week too: two weeks per channel, their spend the days' sums.
  for (const auto& c : plan["channels"]) {
    ASSERT_EQ(c["weeks"].size(), 2u) << c["weeks"];
    double days = 0;
    for (int d = 0; d < 7; ++d) days += c["spend_by_period"][d].get<double>();
    EXPECT_NEAR(c["weeks"][0]["spend"].get<double>(), days, 0.011);
  }
  EXPECT_NEAR(plan["budget"].get<double>(), 19500.0 / 30 * 14, 0.01);
}

TEST_P(ApiBudget, BadInputIsAnswered400NamingTheFieldAndNothingIsStored) {
  json body = {{"client_id", client_id_}, {"budget", 1000},
               {"channels", {{{"channel", "google_ads"}, {"min_spend", 900}},
                             {{"channel", "meta_ads"}, {"min_spend", 900}}}}};
  expect_field_problem(admin_->post("/api/v1/budget/optimize", body), 400, "budget");
  body = {{"client_id", client_id_}, {"budget", 1000}, {"channels", {{{"channel", "google_ads"}, {"min_spend", -5}}}}};
  expect_field_problem(admin_->post("/api/v1/budget/optimize", body), 400, "channels[0].min_spend");
  body = {{"client_id", client_id_}, {"budget", 1000}, {"channels", {{{"channel", "myspace_ads"}}}}};
  expect_field_problem(admin_->post("/api/v1/budget/optimize", body), 400, "channels[0].channel");
  body = {{"client_id", client_id_}, {"goal", "target_roas"}, {"target", 3}};
  expect_field_problem(admin_->post("/api/v1/budget/optimize", body), 400, "goal");
  body = {{"client_id", client_id_}};
  expect_field_problem(admin_->post("/api/v1/budget/optimize", body), 400, "budget");
  body = {{"client_id", client_id_}, {"budget", -10}};
  expect_field_problem(admin_->post("/api/v1/budget/optimize", body), 400, "budget");
  expect_problem(admin_->post("/api/v1/budget/optimize", {{"client_id", "nobody"}, {"budget", 10}}), 404);
  EXPECT_EQ(stored(), json::array());
}

API_TEST_BACKENDS(ApiBudget);

}  // namespace
}  // namespace api_test
