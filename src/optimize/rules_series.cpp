// Prefix sums over a campaign's days, and the scope filter.
#include <algorithm>
#include <cmath>

#include "optimize/rules_internal.h"

namespace optimize::rules::internal {
namespace {

// A daily value in millionths; bad data (negative, non-finite, absurdly large) reads as 0 and is
// counted, so one broken row cannot poison a window's sums or overflow them.
std::int64_t millionths(double value, std::size_t& ignored) {
  if (!std::isfinite(value) || value < 0 || value > kMaxDailyValue) {
    ++ignored;
    return 0;
  }
  return static_cast<std::int64_t>(value * 1e6 + 0.5);  // >= 0 here, so this rounds half up
}

// Reach for the day: reported, or impressions / frequency when only frequency is.
std::optional<double> reach_of(const CampaignDay& day) {
  if (day.reach) return day.reach;
  if (day.frequency && std::isfinite(*day.frequency) && *day.frequency > 0) {
    return day.impressions / *day.frequency;
  }
  return std::nullopt;
}

void add_day(const CampaignDay& day, Sums& slot, std::size_t& ignored) {
  slot[kSpend] += millionths(day.spend, ignored);
  slot[kImpressions] += millionths(day.impressions, ignored);
  slot[kClicks] += millionths(day.clicks, ignored);
  slot[kConversions] += millionths(day.conversions, ignored);
  slot[kConversionValue] += millionths(day.conversion_value, ignored);
  if (const auto reach = reach_of(day)) {
    // Frequency pairs impressions with reach day by day: a day whose reach is unusable adds to
    // neither side (its impressions were already counted above, so ignore a repeat failure).
    std::size_t reach_ignored = 0, repeat = 0;
    const std::int64_t people = millionths(*reach, reach_ignored);
    ignored += reach_ignored;
    if (reach_ignored == 0 && people > 0) {
      slot[kReach] += people;
      slot[kImpressionsWithReach] += millionths(day.impressions, repeat);
    }
  }
  slot[kDaysWithData] = 1;  // a date counts once even if the rows repeat it
}

}  // namespace

CampaignSeries::CampaignSeries(const CampaignHistory& history, core::Date first, core::Date last) {
  assign(history, first, last);
}

void CampaignSeries::assign(const CampaignHistory& history, core::Date first, core::Date last) {
  // Cover only the dates that have rows inside [first, last], so memory follows the data.
  std::optional<core::Date> lo, hi;
  for (const CampaignDay& day : history.days) {
    if (day.date < first || day.date > last) continue;
    if (!lo || day.date < *lo) lo = day.date;
    if (!hi || day.date > *hi) hi = day.date;
  }
  first_ = lo.value_or(first);
  const int days = lo ? *hi - *lo + 1 : 0;
  prefix_.assign(static_cast<std::size_t>(days) + 1, Sums{});
  values_ignored_ = 0;
  for (const CampaignDay& day : history.days) {
    if (day.date < first || day.date > last) continue;
    add_day(day, prefix_[static_cast<std::size_t>(day.date - first_) + 1], values_ignored_);
  }
  for (std::size_t i = 1; i < prefix_.size(); ++i) {
    for (int b = 0; b < kBaseCount; ++b) prefix_[i][b] += prefix_[i - 1][b];
  }
}

Sums CampaignSeries::window_sums(core::Date first, core::Date last) const {
  const int days = static_cast<int>(prefix_.size()) - 1;
  const int lo = std::max(first - first_, 0);
  const int hi = std::min(last - first_, days - 1);
  Sums sums{};
  if (lo > hi) return sums;
  const Sums& end = prefix_[static_cast<std::size_t>(hi) + 1];
  const Sums& begin = prefix_[static_cast<std::size_t>(lo)];
  for (int b = 0; b < kBaseCount; ++b) sums[b] = end[b] - begin[b];
  return sums;
}

double CampaignSeries::spend_between(core::Date first, core::Date last) const {
  return units(window_sums(first, last)[kSpend]);
}

ScopeFilter::ScopeFilter(const Scope& scope) : scope_(&scope) {
  campaign_ids_.assign(scope.campaign_ids.begin(), scope.campaign_ids.end());
  std::sort(campaign_ids_.begin(), campaign_ids_.end());
}

bool ScopeFilter::matches(const CampaignHistory& campaign) const {
  const auto listed = [](const auto& list, const auto& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  return campaign.client_id == scope_->client_id && listed(scope_->platforms, campaign.platform) &&
         listed(scope_->objectives, campaign.objective) &&
         listed(scope_->statuses, campaign.status) &&
         (campaign_ids_.empty() ||
          std::binary_search(campaign_ids_.begin(), campaign_ids_.end(),
                             std::string_view(campaign.id)));
}

}  // namespace optimize::rules::internal
