#include "evaluation_flights.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "forecast/model_forecaster.h"
#include "forecast/synthetic_history.h"
#include "forecast/training.h"

namespace forecast_eval {
namespace {

constexpr int kFlightDays = 30;
constexpr std::size_t kTrainingCampaigns = 300;

struct Tally {
  int flights = 0, in80 = 0, in95 = 0, in80_independent = 0;
  double abs_error = 0, actual = 0, predicted = 0;
  void add(const forecast::Estimate& e, double truth) {
    ++flights;
    in80 += truth >= e.interval_80.low && truth <= e.interval_80.high;
    in95 += truth >= e.interval_95.low && truth <= e.interval_95.high;
    // What assuming independent days would give: the summed half-widths shrunk by √days.
    const double shrink = std::sqrt(static_cast<double>(kFlightDays));
    in80_independent += truth >= e.value - (e.value - e.interval_80.low) / shrink &&
                        truth <= e.value + (e.interval_80.high - e.value) / shrink;
    abs_error += std::abs(truth - e.value);
    actual += truth;
    predicted += e.value;
  }
};

}  // namespace

void print_flight_coverage(int threads) {
  const auto rows = forecast::synthetic_history({.campaigns = 400, .days = 120, .seed = 11});
  std::vector<forecast::HistoryRow> training;
  std::map<std::string, std::vector<const forecast::HistoryRow*>> held_out;
  for (const auto& r : rows) {
    const auto id = std::stoul(r.campaign_id.substr(r.campaign_id.find('-') + 1));
    if (id < kTrainingCampaigns)
      training.push_back(r);
    else
      held_out[r.campaign_id].push_back(&r);
  }
  forecast::TrainingOptions options;
  options.threads = threads;
  auto model =
      std::make_shared<forecast::TrainedModel>(forecast::train_forecast_model(training, options));
  const forecast::ModelForecaster forecaster(model);

  Tally impressions, clicks, conversions, value;
  for (const auto& [id, days] : held_out) {
    forecast::PlanInput plan;
    plan.platform = days.front()->platform;
    plan.objective = days.front()->objective;
    plan.start = days.front()->date;
    plan.end = plan.start + (kFlightDays - 1);
    double spend = 0, truth[4] = {0, 0, 0, 0};
    for (int d = 0; d < kFlightDays; ++d) {
      spend += days[d]->spend / kFlightDays;
      truth[0] += days[d]->impressions;
      truth[1] += days[d]->clicks;
      truth[2] += days[d]->conversions;
      truth[3] += days[d]->conversion_value;
    }
    plan.daily_spend = spend;
    const auto f = forecaster.forecast(plan);
    impressions.add(f.impressions, truth[0]);
    clicks.add(f.clicks, truth[1]);
    conversions.add(f.conversions, truth[2]);
    value.add(f.conversion_value, truth[3]);
  }
  std::printf(
      "## Flight totals on held-out synthetic campaigns\n\n"
      "Model %s trained on %zu campaign-days of %zu campaigns (%.2f s); %zu held-out "
      "campaigns forecast for their first %d days at their average daily spend.\n\n"
      "| target | coverage 80%% | coverage 95%% | WAPE of totals | Σ forecast / Σ actual | 80%% "
      "if days were independent |\n|---|---|---|---|---|---|\n",
      std::string(model_kind_name(model->kind())).c_str(), training.size(), kTrainingCampaigns,
      model->summary().training_seconds, held_out.size(), kFlightDays);
  const std::pair<const char*, const Tally*> tallies[] = {{"impressions", &impressions},
                                                          {"clicks", &clicks},
                                                          {"conversions", &conversions},
                                                          {"conversion_value", &value}};
  for (const auto& [name, t] : tallies) {
    std::printf("| %s | %.0f%% | %.0f%% | %.3f | %.2f | %.0f%% |\n", name,
                100.0 * t->in80 / t->flights, 100.0 * t->in95 / t->flights,
                t->abs_error / t->actual, t->predicted / t->actual,
                100.0 * t->in80_independent / t->flights);
  }
  std::printf("\nSaved model: %zu bytes.\n\n", model->serialize().size());
}

}  // namespace forecast_eval
