#include "analytics/ranking.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace analytics {
namespace {

struct Candidate {
  double key;  // the value to order by
  std::size_t index;
};

// Orders by key (ascending or descending), then campaign_id, then input position: a total order,
// so the result never depends on the sort algorithm or the input's incidental order.
class Order {
 public:
  Order(std::span<const CampaignCounters> campaigns, bool descending)
      : campaigns_(campaigns), descending_(descending) {}
  bool operator()(const Candidate& a, const Candidate& b) const {
    if (a.key != b.key) return descending_ ? a.key > b.key : a.key < b.key;
    const std::string& id_a = campaigns_[a.index].campaign_id;
    const std::string& id_b = campaigns_[b.index].campaign_id;
    if (id_a != id_b) return id_a < id_b;
    return a.index < b.index;
  }

 private:
  std::span<const CampaignCounters> campaigns_;
  bool descending_;
};

bool passes_volume(const Counters& c, const RankingOptions& options) {
  return c.spend_micros >= options.min_spend_micros && c.clicks >= options.min_clicks;
}

RankedCampaign ranked(std::span<const CampaignCounters> campaigns, const Candidate& c) {
  return RankedCampaign{c.index, campaigns[c.index].campaign_id, c.key, campaigns[c.index].current};
}

// Splits the eligible candidates into disjoint best and worst lists (see KpiRanking).
void fill_lists(std::span<const CampaignCounters> campaigns, std::vector<Candidate> candidates,
                bool higher_is_better, std::size_t top_n, KpiRanking& ranking) {
  const std::size_t m = candidates.size();
  ranking.eligible = m;
  const std::size_t best_count = m >= 2 * top_n ? top_n : (m + 1) / 2;
  const std::size_t worst_count = std::min(top_n, m - best_count);
  const auto best_end = candidates.begin() + static_cast<std::ptrdiff_t>(best_count);
  std::partial_sort(candidates.begin(), best_end, candidates.end(),
                    Order(campaigns, higher_is_better));
  const auto worst_end = best_end + static_cast<std::ptrdiff_t>(worst_count);
  std::partial_sort(best_end, worst_end, candidates.end(), Order(campaigns, !higher_is_better));
  for (auto it = candidates.begin(); it != best_end; ++it) {
    ranking.best.push_back(ranked(campaigns, *it));
  }
  for (auto it = best_end; it != worst_end; ++it) ranking.worst.push_back(ranked(campaigns, *it));
}

KpiRanking rank_by_roas(std::span<const CampaignCounters> campaigns,
                        const RankingOptions& options) {
  KpiRanking ranking;
  std::vector<Candidate> candidates;
  candidates.reserve(campaigns.size());
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    const Counters& c = campaigns[i].current;
    if (!passes_volume(c, options)) {
      ++ranking.excluded_low_volume;
    } else if (std::optional<double> roas = ratio_of(kpi_parts(c, Kpi::roas))) {
      candidates.push_back({*roas, i});
    } else {
      ++ranking.excluded_undefined;
    }
  }
  fill_lists(campaigns, std::move(candidates), /*higher_is_better=*/true, options.top_n, ranking);
  return ranking;
}

KpiRanking rank_by_cpa(std::span<const CampaignCounters> campaigns, const RankingOptions& options) {
  KpiRanking ranking;
  std::vector<Candidate> candidates;
  candidates.reserve(campaigns.size());
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    const Counters& c = campaigns[i].current;
    if (!passes_volume(c, options) || c.conversions < options.min_conversions) {
      ++ranking.excluded_low_volume;
    } else if (std::optional<double> cpa = ratio_of(kpi_parts(c, Kpi::cpa))) {
      candidates.push_back({*cpa, i});
    } else {
      ++ranking.excluded_undefined;
    }
  }
  fill_lists(campaigns, std::move(candidates), /*higher_is_better=*/false, options.top_n, ranking);
  return ranking;
}

// `metric` gives a campaign-period's value, or nullopt when it has none (roas without spend).
template <typename Metric>
MoverList movers(std::span<const CampaignCounters> campaigns, const RankingOptions& options,
                 Metric metric) {
  MoverList list;
  std::vector<Candidate> candidates;
  std::vector<Change> changes(campaigns.size());
  std::vector<std::pair<double, double>> values(campaigns.size());
  for (std::size_t i = 0; i < campaigns.size(); ++i) {
    const CampaignCounters& c = campaigns[i];
    std::optional<double> current = metric(c.current), previous = metric(c.previous);
    if (!passes_volume(c.current, options) || !passes_volume(c.previous, options) || !current ||
        !previous) {
      ++list.excluded_low_volume;
      continue;
    }
    ++list.eligible;
    changes[i] = counter_change(*current, *previous);
    values[i] = {*current, *previous};
    if (changes[i].absolute != 0) candidates.push_back({std::fabs(changes[i].absolute), i});
  }
  const std::size_t count = std::min(options.top_n, candidates.size());
  const auto end = candidates.begin() + static_cast<std::ptrdiff_t>(count);
  std::partial_sort(candidates.begin(), end, candidates.end(),
                    Order(campaigns, /*descending=*/true));
  for (auto it = candidates.begin(); it != end; ++it) {
    list.movers.push_back(Mover{it->index, campaigns[it->index].campaign_id,
                                values[it->index].first, values[it->index].second,
                                changes[it->index]});
  }
  return list;
}
}  // namespace

std::optional<OptionError> check(const RankingOptions& options) {
  if (options.min_spend_micros < 0) return OptionError{"min_spend_micros", "must not be negative"};
  if (options.min_clicks < 0) return OptionError{"min_clicks", "must not be negative"};
  if (!(options.min_conversions >= 0) || !std::isfinite(options.min_conversions)) {
    return OptionError{"min_conversions", "must be a finite number, not negative"};
  }
  return std::nullopt;
}

RankingReport rank_campaigns(std::span<const CampaignCounters> campaigns,
                             const RankingOptions& options) {
  if (std::optional<OptionError> error = check(options)) {
    throw std::invalid_argument(error->field + ": " + error->message);
  }
  RankingReport report;
  report.campaigns = campaigns.size();
  report.roas = rank_by_roas(campaigns, options);
  report.cpa = rank_by_cpa(campaigns, options);
  report.spend_movers = movers(campaigns, options, [](const Counters& c) {
    return std::optional<double>(static_cast<double>(c.spend_micros));
  });
  report.conversion_movers = movers(
      campaigns, options, [](const Counters& c) { return std::optional<double>(c.conversions); });
  report.roas_movers = movers(campaigns, options,
                              [](const Counters& c) { return ratio_of(kpi_parts(c, Kpi::roas)); });
  return report;
}

}  // namespace analytics
