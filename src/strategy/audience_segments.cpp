// Audience segments: clusters of the client's audience cells by performance when it has them,
// otherwise the brief's audience (prospecting, interests, lookalikes), plus retargeting and the
// customer list.
//
// Clustering: each cell is a point (log CPA, log CTR, log conversion rate), smoothed so a cell
// with no conversions stays finite ((conversions + 0.5) / (clicks + 1) …), each coordinate
// standardized. k-means (Lloyd) starts from deterministic maximin seeds — the cell with the
// lowest CPA, then repeatedly the cell farthest from every seed — for k = 2 … max_clusters, and
// the k with the best mean silhouette wins if that silhouette reaches min_silhouette.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

#include "strategy/internal/plan_state.h"

namespace strategy::internal {
namespace {

using Point = std::array<double, 3>;

double distance2(const Point& a, const Point& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
  return d;
}

std::vector<int> kmeans(const std::vector<Point>& points, int k) {
  const std::size_t n = points.size();
  std::vector<Point> centers{points[0]};  // points are sorted: index 0 has the lowest CPA
  while (static_cast<int>(centers.size()) < k) {
    std::size_t far = 0;
    double far_d = -1;
    for (std::size_t i = 0; i < n; ++i) {
      double d = std::numeric_limits<double>::infinity();
      for (const Point& c : centers) d = std::min(d, distance2(points[i], c));
      if (d > far_d) far_d = d, far = i;
    }
    centers.push_back(points[far]);
  }
  std::vector<int> label(n, -1);
  for (int iteration = 0; iteration < 100; ++iteration) {
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      int best = 0;
      for (int c = 1; c < k; ++c) {
        if (distance2(points[i], centers[c]) < distance2(points[i], centers[best])) best = c;
      }
      if (best != label[i]) label[i] = best, changed = true;
    }
    if (!changed) break;
    for (int c = 0; c < k; ++c) {
      Point sum{};
      int count = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (label[i] != c) continue;
        for (std::size_t d = 0; d < sum.size(); ++d) sum[d] += points[i][d];
        ++count;
      }
      if (count > 0) {
        for (double& v : sum) v /= count;
        centers[c] = sum;
      }
    }
  }
  return label;
}

double silhouette(const std::vector<Point>& points, const std::vector<int>& label, int k) {
  const std::size_t n = points.size();
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<double> sum(static_cast<std::size_t>(k), 0);
    std::vector<int> count(static_cast<std::size_t>(k), 0);
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      sum[label[j]] += std::sqrt(distance2(points[i], points[j]));
      ++count[label[j]];
    }
    if (count[label[i]] == 0) continue;  // a singleton scores 0
    const double a = sum[label[i]] / count[label[i]];
    double b = std::numeric_limits<double>::infinity();
    for (int c = 0; c < k; ++c) {
      if (c != label[i] && count[c] > 0) b = std::min(b, sum[c] / count[c]);
    }
    if (std::isfinite(b) && std::max(a, b) > 0) total += (b - a) / std::max(a, b);
  }
  return total / static_cast<double>(n);
}

SegmentEvidence evidence_of(const std::vector<const AudienceCell*>& cells) {
  SegmentEvidence e;
  e.cells = static_cast<int>(cells.size());
  for (const AudienceCell* c : cells) {
    e.spend += c->spend, e.impressions += c->impressions, e.clicks += c->clicks;
    e.conversions += c->conversions, e.conversion_value += c->conversion_value;
  }
  if (e.conversions > 0) e.cpa = e.spend / e.conversions;
  if (e.spend > 0 && e.conversion_value > 0) e.roas = e.conversion_value / e.spend;
  if (e.impressions > 0) e.ctr = e.clicks / e.impressions;
  if (e.clicks > 0) e.conversion_rate = e.conversions / e.clicks;
  return e;
}

AudienceSegment describe_cluster(const std::vector<const AudienceCell*>& cells,
                                 const SegmentEvidence& all, std::size_t number) {
  AudienceSegment s;
  s.source = "history cluster";
  SegmentEvidence e = evidence_of(cells);
  if (e.cpa && all.cpa) e.cpa_vs_average = *e.cpa / *all.cpa;
  if (e.roas && all.roas) e.roas_vs_average = *e.roas / *all.roas;
  std::map<std::string, std::set<std::string>> values;
  for (const AudienceCell* c : cells) {
    for (const auto& [dimension, value] : c->dimensions) values[dimension].insert(value);
  }
  std::vector<std::string> shared;
  for (const auto& [dimension, set] : values) {
    s.definition[dimension].assign(set.begin(), set.end());
    if (set.size() == 1) shared.push_back(dimension + " " + *set.begin());
  }
  s.name = "Cluster " + std::to_string(number) + ": " + (shared.empty() ? "mixed cells" : join(shared));
  const double cpa_ratio = e.cpa_vs_average.value_or(std::numeric_limits<double>::infinity());
  const double ctr_ratio = e.ctr && all.ctr && *all.ctr > 0 ? *e.ctr / *all.ctr : 0;
  const std::string cpa_text =
      e.cpa_vs_average ? "CPA " + percent(std::fabs(cpa_ratio - 1)) +
                             (cpa_ratio <= 1 ? " below" : " above") + " average"
                       : "no conversions";
  if (cpa_ratio <= 0.8) {
    s.funnel_stage = FunnelStage::conversion;
    s.message_angle = "proven converters (" + cpa_text + "): lead with the offer and scale";
  } else if (cpa_ratio <= 1.25) {
    s.funnel_stage = FunnelStage::consideration;
    s.message_angle = "average performers (" + cpa_text + "): build preference with proof";
  } else if (ctr_ratio >= 1) {
    s.funnel_stage = FunnelStage::awareness;
    s.message_angle = "engaged but not converting (" + cpa_text +
                      ", CTR above average): fix the landing page or offer before scaling";
  } else {
    s.funnel_stage = FunnelStage::awareness;
    s.message_angle = "costly and unengaged (" + cpa_text +
                      "): test new creative on a small budget, or exclude";
  }
  s.evidence = std::move(e);
  return s;
}

// Cells with delivery, sorted by CPA (then input order), clustered; empty when too few.
std::vector<AudienceSegment> cluster_history(const ClientHistory& history,
                                             const PlannerOptions& options) {
  std::vector<const AudienceCell*> cells;
  for (const AudienceCell& c : history.audience_cells) {
    if (c.spend > 0 || c.impressions > 0) cells.push_back(&c);
  }
  if (static_cast<int>(cells.size()) < options.min_cells_for_clustering) return {};
  auto cpa = [](const AudienceCell* c) { return (c->spend + 1e-9) / (c->conversions + 0.5); };
  std::stable_sort(cells.begin(), cells.end(),
                   [&](const AudienceCell* a, const AudienceCell* b) { return cpa(a) < cpa(b); });
  std::vector<Point> points;
  for (const AudienceCell* c : cells) {
    points.push_back({std::log(cpa(c)), std::log((c->clicks + 0.5) / (c->impressions + 1)),
                      std::log((c->conversions + 0.5) / (c->clicks + 1))});
  }
  for (std::size_t d = 0; d < 3; ++d) {
    double mean = 0, var = 0;
    for (const Point& p : points) mean += p[d];
    mean /= static_cast<double>(points.size());
    for (const Point& p : points) var += (p[d] - mean) * (p[d] - mean);
    const double sd = std::sqrt(var / static_cast<double>(points.size()));
    for (Point& p : points) p[d] = sd > 1e-12 ? (p[d] - mean) / sd : 0;
  }
  std::vector<int> best_label(cells.size(), 0);
  int best_k = 1;
  double best_score = options.min_silhouette;
  const int k_max = std::min(options.max_clusters, static_cast<int>(cells.size()) - 1);
  for (int k = 2; k <= k_max; ++k) {
    std::vector<int> label = kmeans(points, k);
    const double score = silhouette(points, label, k);
    if (score > best_score + 1e-12) best_score = score, best_k = k, best_label = std::move(label);
  }
  const SegmentEvidence all = evidence_of(cells);
  std::vector<AudienceSegment> segments;
  for (int c = 0; c < best_k; ++c) {
    std::vector<const AudienceCell*> members;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (best_label[i] == c) members.push_back(cells[i]);
    }
    if (!members.empty()) segments.push_back(describe_cluster(members, all, 0));
  }
  std::stable_sort(segments.begin(), segments.end(), [](const auto& a, const auto& b) {
    const double inf = std::numeric_limits<double>::infinity();
    return a.evidence->cpa.value_or(inf) < b.evidence->cpa.value_or(inf);
  });
  for (std::size_t i = 0; i < segments.size(); ++i) {
    segments[i].name.replace(0, segments[i].name.find(':'), "Cluster " + std::to_string(i + 1));
  }
  return segments;
}

std::string prospecting_angle(core::Objective o) {
  switch (o) {
    case core::Objective::awareness: return "introduce the brand and the problem it solves";
    case core::Objective::traffic: return "curiosity: a clear reason to click and learn more";
    case core::Objective::engagement: return "entertain or ask: content worth reacting to";
    case core::Objective::leads: return "the problem you solve, and a low-friction next step";
    case core::Objective::app_installs: return "show the app in use: the one task it makes easy";
    case core::Objective::sales_conversion: return "the product's main benefit, shown in use";
  }
  return "";
}

}  // namespace

std::vector<AudienceSegment> build_segments(const ResolvedBrief& r, const ClientHistory& history,
                                            const PlannerOptions& options) {
  std::vector<AudienceSegment> segments = cluster_history(history, options);
  const AudienceInput& in = r.brief->audience;
  if (segments.empty()) {
    const bool given = !in.locations.empty() || !in.age_ranges.empty() || !in.genders.empty() ||
                       !in.languages.empty();
    AudienceSegment broad{"Broad prospecting", std::nullopt, FunnelStage::awareness,
                          prospecting_angle(r.brief->objective), given ? "brief" : "default",
                          {}, std::nullopt};
    broad.definition = {{"location", r.locations}, {"age", r.age_ranges},
                        {"gender", r.genders}, {"language", r.languages}};
    segments.push_back(std::move(broad));
    if (!r.interests.empty()) {
      segments.push_back({"Interest: " + join(r.interests), std::nullopt,
                          FunnelStage::consideration,
                          "speak to their interest in " + r.interests.front() +
                              ": relevance first, then the benefit",
                          "brief", {{"interest", r.interests}}, std::nullopt});
    }
  }
  if (r.has_lookalikes) {
    segments.push_back({"Lookalike of best customers", std::nullopt, FunnelStage::consideration,
                        "the promise that converted your best customers, to people like them",
                        "brief", {{"audience", {"lookalike"}}}, std::nullopt});
  }
  segments.push_back({"Site visitors and engagers (retargeting)", std::nullopt,
                      FunnelStage::conversion,
                      "remove the last objection: reviews, guarantee, a reason to act now",
                      "default", {{"audience", {"website visitors", "engagers"}}}, std::nullopt});
  if (r.has_customer_list) {
    segments.push_back({"Existing customers (customer list)", std::nullopt, FunnelStage::retention,
                        "loyalty: what is new, what goes with what they bought, referrals",
                        "brief", {{"audience", {"customer list"}}}, std::nullopt});
  }
  return segments;
}

}  // namespace strategy::internal
