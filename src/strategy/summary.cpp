// Confidence (a product of named multipliers) and the executive summary (templates).
#include <algorithm>
#include <cmath>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {

void assess_confidence(const ResolvedBrief& r, const PlanningContext& context, Strategy& s) {
  (void)context;
  const forecast::PlanForecast& total = s.forecast.total;
  std::vector<ConfidenceDriver>& drivers = s.confidence_drivers;
  drivers.push_back({"forecast", std::clamp(total.confidence, 0.05, 1.0),
                     "the forecaster's own confidence, spend-weighted (" + total.source + ")"});

  double history_budget = 0, learning_budget = 0;
  for (std::size_t i = 0; i < s.budget_split.shares.size(); ++i) {
    const BudgetShare& share = s.budget_split.shares[i];
    if (share.efficiency_source.starts_with("client history")) history_budget += share.amount;
    if (s.platform_plans[i].learning_phase.sufficient) learning_budget += share.amount;
  }
  const double history_share = history_budget / s.budget;
  drivers.push_back({"client history", 0.85 + 0.15 * history_share,
                     percent(history_share) + " of the budget is split on the client's own "
                     "history; the rest on benchmark priors"});
  const double learning_share = learning_budget / s.budget;
  drivers.push_back({"learning phase", 0.8 + 0.2 * learning_share,
                     percent(learning_share) +
                         " of the budget is on platforms whose ad sets can exit learning"});
  const auto assumed = static_cast<double>(s.assumptions.size());
  drivers.push_back({"assumed inputs", std::max(0.8, 1 - 0.01 * assumed),
                     number(assumed) + " brief fields were defaulted or derived"});
  if (r.value_source == "assumed") {
    drivers.push_back({"value per conversion", 0.8,
                       "ROI and ROAS rest on an assumed value per conversion"});
  }
  if (r.days < 14) {
    drivers.push_back({"flight length", 0.9,
                       std::to_string(r.days) + " days leave little time after learning"});
  }
  double confidence = 1;
  for (const ConfidenceDriver& d : drivers) confidence *= d.multiplier;
  s.confidence = std::clamp(confidence, 0.0, 1.0);
}

std::string executive_summary(const Strategy& s) {
  const forecast::PlanForecast& t = s.forecast.total;
  std::string text = s.name + ": a " + std::to_string(s.flight_days) + "-day " +
                     objective_label(s.objective) + " plan from " +
                     core::format_iso_date(s.start_date) + " to " +
                     core::format_iso_date(s.end_date) + " investing " +
                     money(s.budget, s.currency) + " across ";
  std::vector<std::string> parts;
  for (const BudgetShare& share : s.budget_split.shares) {
    parts.push_back(platform_label(share.platform) + " (" + money(share.amount, s.currency) +
                    ", " + percent(share.share) + ")");
  }
  text += join(parts) + ". ";

  const bool conversions = is_conversion_objective(s.objective);
  const forecast::Estimate& headline =
      conversions ? t.conversions
                  : (s.objective == core::Objective::awareness ? t.impressions : t.clicks);
  const char* unit = conversions ? "conversions"
                                 : (s.objective == core::Objective::awareness ? "impressions"
                                                                              : "clicks");
  text += "The forecast is " + number(headline.value) + " " + unit + " (80% interval " +
          number(headline.interval_80.low) + "-" + number(headline.interval_80.high) + ")";
  if (conversions && t.cpa) text += " at a CPA of " + money(t.cpa->value, s.currency);
  if (s.estimated_roas && s.estimated_roi) {
    text += ", a ROAS of " + number(*s.estimated_roas, 2) + " and an estimated ROI of " +
            percent(*s.estimated_roi);
  }
  text += ". ";
  for (const Assumption& a : s.assumptions) {
    if (a.field == "value_per_conversion" && a.value != "none") {
      text += "ROI assumes a value of " + s.currency + " " + a.value +
              " per conversion, which the brief did not give. ";
    }
  }
  for (const PlatformPlan& plan : s.platform_plans) {
    text += platform_label(plan.platform) + " will " + plan.role + ". ";
  }
  text += "The split comes from " + s.budget_split.method + " under diminishing returns. ";
  std::vector<std::string> high;
  for (const Risk& risk : s.risks) {
    if (risk.likelihood == "high" && high.size() < 2) high.push_back(risk.trigger);
  }
  if (!high.empty()) text += "Main risks: " + join(high, "; ") + ". ";
  text += "Confidence " + number(s.confidence, 2) + " (";
  std::vector<std::string> drivers;
  for (const ConfidenceDriver& d : s.confidence_drivers) {
    if (d.multiplier < 0.95) drivers.push_back(d.factor + " x" + number(d.multiplier, 2));
  }
  text += (drivers.empty() ? std::string("no major uncertainty") : join(drivers)) + ").";
  return text;
}

}  // namespace strategy::internal
