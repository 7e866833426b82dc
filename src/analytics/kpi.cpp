#include "analytics/kpi.h"

#include <cmath>

namespace analytics {
namespace {
constexpr double kMicros = 1'000'000.0;

double d(std::int64_t v) { return static_cast<double>(v); }
}  // namespace

Counters& Counters::operator+=(const Counters& o) {
  impressions += o.impressions;
  clicks += o.clicks;
  spend_micros += o.spend_micros;
  conversion_value_micros += o.conversion_value_micros;
  conversions += o.conversions;
  reach += o.reach;
  impressions_with_reach += o.impressions_with_reach;
  video_views += o.video_views;
  impressions_with_video += o.impressions_with_video;
  return *this;
}

Counters counters_of(const RowMetrics& row) {
  Counters c;
  c.impressions = row.impressions;
  c.clicks = row.clicks;
  c.spend_micros = row.spend_micros;
  c.conversion_value_micros = row.conversion_value_micros;
  c.conversions = row.conversions;
  if (row.reach) {
    c.reach = *row.reach;
    c.impressions_with_reach = row.impressions;
  }
  if (row.video_views) {
    c.video_views = *row.video_views;
    c.impressions_with_video = row.impressions;
  }
  return c;
}

RatioParts kpi_parts(const Counters& c, Kpi kpi) {
  switch (kpi) {
    case Kpi::ctr:
      return {d(c.clicks), d(c.impressions)};
    case Kpi::cpc:
      return {d(c.spend_micros) / kMicros, d(c.clicks)};
    // 1000 · (spend_micros / 1e6) = spend_micros / 1000.
    case Kpi::cpm:
      return {d(c.spend_micros) / 1000.0, d(c.impressions)};
    case Kpi::conversion_rate:
      return {c.conversions, d(c.clicks)};
    case Kpi::cpa:
      return {d(c.spend_micros) / kMicros, c.conversions};
    case Kpi::roas:
      return {d(c.conversion_value_micros), d(c.spend_micros)};
    case Kpi::roi:
      return {d(c.conversion_value_micros - c.spend_micros), d(c.spend_micros)};
    case Kpi::frequency:
      return {d(c.impressions_with_reach), d(c.reach)};
    case Kpi::view_rate:
      return {d(c.video_views), d(c.impressions_with_video)};
  }
  return {};
}

std::optional<double> ratio_of(RatioParts parts) {
  if (parts.denominator == 0) return std::nullopt;
  return parts.numerator / parts.denominator;
}

Kpis kpis_of(const Counters& c) {
  Kpis k;
  k.ctr = ratio_of(kpi_parts(c, Kpi::ctr));
  k.cpc = ratio_of(kpi_parts(c, Kpi::cpc));
  k.cpm = ratio_of(kpi_parts(c, Kpi::cpm));
  k.conversion_rate = ratio_of(kpi_parts(c, Kpi::conversion_rate));
  k.cpa = ratio_of(kpi_parts(c, Kpi::cpa));
  k.roas = ratio_of(kpi_parts(c, Kpi::roas));
  k.roi = ratio_of(kpi_parts(c, Kpi::roi));
  k.frequency = ratio_of(kpi_parts(c, Kpi::frequency));
  k.view_rate = ratio_of(kpi_parts(c, Kpi::view_rate));
  return k;
}

std::optional<double> kpi_value(const Kpis& k, Kpi kpi) {
  switch (kpi) {
    case Kpi::ctr:
      return k.ctr;
    case Kpi::cpc:
      return k.cpc;
    case Kpi::cpm:
      return k.cpm;
    case Kpi::conversion_rate:
      return k.conversion_rate;
    case Kpi::cpa:
      return k.cpa;
    case Kpi::roas:
      return k.roas;
    case Kpi::roi:
      return k.roi;
    case Kpi::frequency:
      return k.frequency;
    case Kpi::view_rate:
      return k.view_rate;
  }
  return std::nullopt;
}

double counter_value(const Counters& c, Counter counter) {
  switch (counter) {
    case Counter::impressions:
      return d(c.impressions);
    case Counter::clicks:
      return d(c.clicks);
    case Counter::spend_micros:
      return d(c.spend_micros);
    case Counter::conversions:
      return c.conversions;
    case Counter::conversion_value_micros:
      return d(c.conversion_value_micros);
    case Counter::reach:
      return d(c.reach);
    case Counter::video_views:
      return d(c.video_views);
  }
  return 0;
}

Change counter_change(double current, double previous) {
  Change change;
  change.absolute = current - previous;
  if (previous != 0) change.relative = (current - previous) / std::fabs(previous);
  return change;
}

std::optional<Change> kpi_change(std::optional<double> current, std::optional<double> previous) {
  if (!current || !previous) return std::nullopt;
  return counter_change(*current, *previous);
}

PeriodComparison compare_periods(const Counters& current, const Counters& previous) {
  PeriodComparison out;
  out.current = current;
  out.previous = previous;
  out.current_kpis = kpis_of(current);
  out.previous_kpis = kpis_of(previous);
  for (std::size_t i = 0; i < kCounterNames.size(); ++i) {
    auto counter = static_cast<Counter>(i);
    out.counter_changes[i] =
        counter_change(counter_value(current, counter), counter_value(previous, counter));
  }
  for (std::size_t i = 0; i < kKpiNames.size(); ++i) {
    auto kpi = static_cast<Kpi>(i);
    out.kpi_changes[i] =
        kpi_change(kpi_value(out.current_kpis, kpi), kpi_value(out.previous_kpis, kpi));
  }
  return out;
}

}  // namespace analytics
