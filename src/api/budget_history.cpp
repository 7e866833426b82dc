#include "api/budget_history.h"

#include <algorithm>
#include <map>

#include "core/money.h"

namespace api {
namespace {

constexpr int kWeeklyFromDays = 52 * 7;

// The first and last day with a row of the client's campaigns inside [from, to].
bool data_span(const MetricsSnapshot& snapshot, int client_index, core::Date from, core::Date to,
               core::Date& first, core::Date& last) {
  bool any = false;
  for (const auto& campaign : snapshot.campaigns) {
    if (campaign.client != static_cast<std::uint32_t>(client_index)) continue;
    auto [begin, end] = snapshot.rows_in(campaign, from, to);
    if (begin == end) continue;
    core::Date a{snapshot.day[begin]}, b{snapshot.day[end - 1]};
    first = any ? std::min(first, a) : a;
    last = any ? std::max(last, b) : b;
    any = true;
  }
  return any;
}

}  // namespace

BudgetHistory budget_history(const MetricsSnapshot& snapshot, int client_index, core::Date today,
                             BudgetLevel level, BudgetOutcome outcome, int window_days) {
  BudgetHistory history;
  history.outcome = outcome;
  core::Date first, last;
  if (client_index < 0 ||
      !data_span(snapshot, client_index, today - window_days, today - 1, first, last)) {
    return history;
  }
  const int span = last - first + 1;
  history.period_days = span >= kWeeklyFromDays ? 7 : 1;
  const int periods = span / history.period_days;
  history.last_day = last;
  history.first_day = last - (periods * history.period_days - 1);
  for (int p = 0; p < periods; ++p) {
    history.day_of_year.push_back(core::day_of_year(history.first_day + p * history.period_days));
  }

  std::map<std::string, ChannelSeries> channels;
  for (const auto& campaign : snapshot.campaigns) {
    if (campaign.client != static_cast<std::uint32_t>(client_index)) continue;
    auto [begin, end] = snapshot.rows_in(campaign, history.first_day, history.last_day);
    if (begin == end) continue;
    std::string id = level == BudgetLevel::platform
                         ? std::string(core::platform_name(campaign.platform))
                         : campaign.id;
    auto [it, added] = channels.try_emplace(id);
    ChannelSeries& series = it->second;
    if (added) {
      series.id = id;
      series.label = level == BudgetLevel::platform
                         ? std::string(core::platform_display_name(campaign.platform))
                         : campaign.name;
      series.platform = campaign.platform;
      series.spend.assign(history.periods(), 0.0);
      series.outcome.assign(history.periods(), 0.0);
    }
    for (auto i = begin; i < end; ++i) {
      auto period = static_cast<std::size_t>((core::Date{snapshot.day[i]} - history.first_day) /
                                             history.period_days);
      series.spend[period] += core::units_from_micros(snapshot.spend_micros[i]);
      series.outcome[period] += outcome == BudgetOutcome::revenue
                                    ? core::units_from_micros(snapshot.conversion_value_micros[i])
                                    : snapshot.conversions[i];
    }
  }
  for (auto& [id, series] : channels) {
    series.active_periods = static_cast<int>(
        std::count_if(series.spend.begin(), series.spend.end(), [](double s) { return s > 0; }));
    history.channels.push_back(std::move(series));
  }
  return history;
}

}  // namespace api
