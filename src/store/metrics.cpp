#include "store/metrics.h"

#include <soci/soci.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "store/internal/metrics_bulk.h"
#include "store/internal/sql.h"
#include "store/tenants.h"

namespace store::metrics {
namespace {

bool key_less(const MetricRow& a, const MetricRow& b) {
  int c = a.campaign_id.compare(b.campaign_id);
  return c < 0 || (c == 0 && a.date < b.date);
}

bool same_key(const MetricRow& a, const MetricRow& b) {
  return a.date == b.date && a.campaign_id == b.campaign_id;
}

void validate(const MetricRow& row) {
  if (row.campaign_id.empty()) throw InvalidArgument("metric row without campaign_id");
  if (!std::isfinite(row.conversions) || (row.frequency && !std::isfinite(*row.frequency))) {
    throw InvalidArgument("metric row for campaign " + row.campaign_id + " on " +
                          core::format_iso_date(row.date) + " has a non-finite number");
  }
}

// Validated rows in (campaign_id, date) order, one per key: the last given wins. Imports are
// usually sorted already, which skips the sort (and sorted keys also insert faster).
std::vector<const MetricRow*> prepare_rows(const std::vector<MetricRow>& rows) {
  for (const MetricRow& row : rows) validate(row);
  std::vector<const MetricRow*> sorted(rows.size());
  std::transform(rows.begin(), rows.end(), sorted.begin(), [](const MetricRow& r) { return &r; });
  auto by_key = [](const MetricRow* a, const MetricRow* b) { return key_less(*a, *b); };
  if (!std::is_sorted(sorted.begin(), sorted.end(), by_key)) {
    std::stable_sort(sorted.begin(), sorted.end(), by_key);
  }
  std::vector<const MetricRow*> unique;
  unique.reserve(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i + 1 < sorted.size() && same_key(*sorted[i], *sorted[i + 1])) continue;
    unique.push_back(sorted[i]);
  }
  return unique;
}

std::vector<std::string> distinct_campaigns(const std::vector<const MetricRow*>& rows) {
  std::vector<std::string> ids;
  for (const MetricRow* row : rows) {
    if (ids.empty() || ids.back() != row->campaign_id) ids.push_back(row->campaign_id);
  }
  return ids;
}

// Throws NotFound naming the first campaign id this tenant does not have. On PostgreSQL also
// locks each campaign (ids come sorted, so concurrent imports lock in the same order) until the
// transaction ends: the campaign cannot be deleted under the import, and two imports of the same
// campaign take turns. (SQLite write transactions are serialised already.)
void lock_campaigns(Tx& tx, const std::vector<std::string>& ids) {
  std::string wanted, found;
  std::string sql = "SELECT id FROM campaigns WHERE tenant_id = :tenant AND id = :id";
  if (tx.dialect() == Dialect::postgresql) sql += " FOR NO KEY UPDATE";
  soci::statement st =
      (tx.sql().prepare << sql, soci::use(tx.tenant_id()), soci::use(wanted), soci::into(found));
  for (const std::string& id : ids) {
    wanted = id;
    if (!st.execute(true)) throw NotFound("campaign " + id + " not found");
  }
}

}  // namespace

UpsertCounts upsert(Tx& tx, const std::vector<MetricRow>& rows) {
  internal::require_tenant(tx, "metrics::upsert");
  std::vector<const MetricRow*> unique = prepare_rows(rows);
  if (unique.empty()) return {};
  std::vector<std::string> campaign_ids = distinct_campaigns(unique);
  lock_campaigns(tx, campaign_ids);
  UpsertCounts counts = tx.dialect() == Dialect::sqlite
                            ? internal::upsert_sqlite(tx, unique)
                            : internal::upsert_postgresql(tx, unique);
  if (counts.inserted + counts.updated > 0) tenants::bump_data_version(tx);
  return counts;
}

std::vector<MetricRow> query(Tx& tx, const std::string& campaign_id, core::Date from,
                             core::Date to) {
  const std::string& tenant = internal::require_tenant(tx, "metrics::query");
  Dialect d = tx.dialect();
  std::string from_text = core::format_iso_date(from), to_text = core::format_iso_date(to);
  MetricRow row;
  std::string date;
  long long impressions = 0, clicks = 0, spend = 0, value = 0;
  internal::Nullable<long long> reach, video_views;
  internal::Nullable<double> frequency;
  soci::statement st =
      (tx.sql().prepare << "SELECT " + internal::date_out(d, "date") +
                               ", impressions, clicks, spend_micros, conversions, "
                               "conversion_value_micros, reach, frequency, video_views "
                               "FROM campaign_metrics WHERE tenant_id = :tenant AND "
                               "campaign_id = :campaign AND date >= " +
                               internal::date_in(d, ":from") +
                               " AND date <= " + internal::date_in(d, ":to") + " ORDER BY date",
       soci::use(tenant), soci::use(campaign_id), soci::use(from_text), soci::use(to_text),
       soci::into(date), soci::into(impressions), soci::into(clicks), soci::into(spend),
       soci::into(row.conversions), soci::into(value), soci::into(reach.value, reach.ind),
       soci::into(frequency.value, frequency.ind), soci::into(video_views.value, video_views.ind));
  st.execute();
  std::vector<MetricRow> out;
  row.campaign_id = campaign_id;
  while (st.fetch()) {
    row.date = internal::parse_stored_date(date);
    row.impressions = impressions;
    row.clicks = clicks;
    row.spend_micros = spend;
    row.conversion_value_micros = value;
    row.reach = internal::optional_of<std::int64_t>(reach);
    row.frequency = internal::optional_of<double>(frequency);
    row.video_views = internal::optional_of<std::int64_t>(video_views);
    out.push_back(row);
  }
  return out;
}

void scan_all(Tx& tx, const std::function<void(const std::vector<MetricRow>& rows)>& batch,
              std::size_t batch_size) {
  const std::string& tenant = internal::require_tenant(tx, "metrics::scan_all");
  // Days since 1970-01-01 straight from the database: no date text to parse per row.
  const std::string day = tx.dialect() == Dialect::sqlite
                              ? "CAST(julianday(date) - 2440587.5 AS INTEGER)"
                              : "(date - DATE '1970-01-01')";
  std::vector<std::string> ids(batch_size);
  std::vector<long long> days(batch_size), impressions(batch_size), clicks(batch_size),
      spend(batch_size), value(batch_size), reach(batch_size), video_views(batch_size);
  std::vector<double> conversions(batch_size), frequency(batch_size);
  std::vector<soci::indicator> reach_ind(batch_size), frequency_ind(batch_size),
      video_ind(batch_size);
  soci::statement st =
      (tx.sql().prepare << "SELECT campaign_id, " + day +
                               ", impressions, clicks, spend_micros, conversions, "
                               "conversion_value_micros, reach, frequency, video_views "
                               "FROM campaign_metrics WHERE tenant_id = :tenant "
                               "ORDER BY campaign_id, date",
       soci::use(tenant), soci::into(ids), soci::into(days), soci::into(impressions),
       soci::into(clicks), soci::into(spend), soci::into(conversions), soci::into(value),
       soci::into(reach, reach_ind), soci::into(frequency, frequency_ind),
       soci::into(video_views, video_ind));
  std::vector<MetricRow> rows;
  rows.reserve(batch_size);
  auto resize = [&](std::size_t n) {
    for (auto* v : {&days, &impressions, &clicks, &spend, &value, &reach, &video_views}) v->resize(n);
    for (auto* v : {&reach_ind, &frequency_ind, &video_ind}) v->resize(n);
    ids.resize(n);
    conversions.resize(n);
    frequency.resize(n);
  };
  bool more = st.execute(true);
  while (more) {
    rows.clear();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      MetricRow r;
      r.campaign_id = std::move(ids[i]);
      r.date = core::Date{static_cast<std::int32_t>(days[i])};
      r.impressions = impressions[i];
      r.clicks = clicks[i];
      r.spend_micros = spend[i];
      r.conversions = conversions[i];
      r.conversion_value_micros = value[i];
      if (reach_ind[i] == soci::i_ok) r.reach = reach[i];
      if (frequency_ind[i] == soci::i_ok) r.frequency = frequency[i];
      if (video_ind[i] == soci::i_ok) r.video_views = video_views[i];
      rows.push_back(std::move(r));
    }
    if (!rows.empty()) batch(rows);
    resize(batch_size);
    more = st.fetch();
  }
}

}  // namespace store::metrics
