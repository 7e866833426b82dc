// Bulk upsert of campaign_metrics.
// SQLite: one prepared INSERT … ON CONFLICT DO UPDATE … WHERE <a value differs>, reused with
// SOCI vector binding; identical rows match the conflict but are not rewritten.
// PostgreSQL: SOCI would send one round trip per row, so each batch of 10k rows travels as array
// literals expanded by unnest(): a plain INSERT when none of the batch's keys can exist yet,
// otherwise one statement that joins the batch with the stored rows and upserts only the rows
// that are missing or differ. (ON CONFLICT DO UPDATE alone would lock, and so write, every
// conflicting row even when nothing changed.)
#include "store/internal/metrics_bulk.h"

#include <soci/soci.h>

#include <charconv>
#include <cstdint>

#include "store/internal/sql.h"

namespace store::internal {
namespace {

constexpr const char* kColumns =
    "impressions, clicks, spend_micros, conversions, conversion_value_micros, reach, frequency, "
    "video_views";

// ---- SQLite -------------------------------------------------------------------------------

constexpr std::size_t kSqliteBatch = 10'000;

// SQLite's conflict branch (`m` is the target's alias): rewrite only when a value differs.
std::string on_conflict_sqlite() {
  std::string set, changed;
  for (const char* c : {"impressions", "clicks", "spend_micros", "conversions",
                        "conversion_value_micros", "reach", "frequency", "video_views"}) {
    set += std::string(c) + " = excluded." + c + ", ";
    if (!changed.empty()) changed += " OR ";
    changed += std::string("m.") + c + " IS NOT excluded." + c;
  }
  return " ON CONFLICT (tenant_id, campaign_id, date) DO UPDATE SET " + set +
         "updated_at = excluded.updated_at WHERE " + changed;
}

// Rows stored for `campaign` between the batch's first and last date: inserted = after - before.
long long count_stored(Tx& tx, const std::string& campaign, const std::string& from,
                       const std::string& to) {
  long long n = 0;
  tx.sql() << "SELECT count(*) FROM campaign_metrics WHERE tenant_id = :tenant AND "
              "campaign_id = :campaign AND date BETWEEN :from AND :to",
      soci::use(tx.tenant_id()), soci::use(campaign), soci::use(from), soci::use(to), soci::into(n);
  return n;
}

struct CampaignRange {
  std::string id, from, to;
};

std::vector<CampaignRange> ranges_of(const std::vector<const MetricRow*>& rows) {
  std::vector<CampaignRange> out;
  for (const MetricRow* r : rows) {  // rows are sorted by (campaign_id, date)
    std::string date = core::format_iso_date(r->date);
    if (out.empty() || out.back().id != r->campaign_id) out.push_back({r->campaign_id, date, date});
    out.back().to = date;
  }
  return out;
}

long long count_all(Tx& tx, const std::vector<CampaignRange>& ranges) {
  long long total = 0;
  for (const auto& r : ranges) total += count_stored(tx, r.id, r.from, r.to);
  return total;
}

// Column vectors bound once to the prepared statement and refilled per batch.
struct SqliteBatch {
  std::vector<std::string> tenant, campaign, date, updated_at;
  std::vector<long long> impressions, clicks, spend, value, reach, video_views;
  std::vector<double> conversions, frequency;
  std::vector<soci::indicator> reach_ind, frequency_ind, video_views_ind;

  void fill(const std::vector<const MetricRow*>& rows, std::size_t begin, std::size_t end,
            const std::string& tenant_id, const std::string& now);
};

void SqliteBatch::fill(const std::vector<const MetricRow*>& rows, std::size_t begin,
                       std::size_t end, const std::string& tenant_id, const std::string& now) {
  std::size_t n = end - begin;
  tenant.assign(n, tenant_id);
  updated_at.assign(n, now);
  campaign.resize(n), date.resize(n), impressions.resize(n), clicks.resize(n), spend.resize(n);
  value.resize(n), reach.resize(n), video_views.resize(n), conversions.resize(n);
  frequency.resize(n), reach_ind.resize(n), frequency_ind.resize(n), video_views_ind.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const MetricRow& r = *rows[begin + i];
    campaign[i] = r.campaign_id;
    date[i] = core::format_iso_date(r.date);
    impressions[i] = r.impressions;
    clicks[i] = r.clicks;
    spend[i] = r.spend_micros;
    conversions[i] = r.conversions;
    value[i] = r.conversion_value_micros;
    reach[i] = r.reach.value_or(0);
    reach_ind[i] = r.reach ? soci::i_ok : soci::i_null;
    frequency[i] = r.frequency.value_or(0);
    frequency_ind[i] = r.frequency ? soci::i_ok : soci::i_null;
    video_views[i] = r.video_views.value_or(0);
    video_views_ind[i] = r.video_views ? soci::i_ok : soci::i_null;
  }
}

}  // namespace

UpsertCounts upsert_sqlite(Tx& tx, const std::vector<const MetricRow*>& rows) {
  std::vector<CampaignRange> ranges = ranges_of(rows);
  long long before = count_all(tx, ranges);
  std::string now = now_timestamp();
  SqliteBatch b;
  b.fill(rows, 0, std::min(rows.size(), kSqliteBatch), tx.tenant_id(), now);
  soci::statement st =
      (tx.sql().prepare << std::string("INSERT INTO campaign_metrics AS m (tenant_id, campaign_id, "
                                       "date, ") +
                               kColumns +
                               ", updated_at) VALUES (:t, :c, :d, :i, :cl, :s, :cv, :v, :r, :f, "
                               ":vv, :u)" +
                               on_conflict_sqlite(),
       soci::use(b.tenant), soci::use(b.campaign), soci::use(b.date), soci::use(b.impressions),
       soci::use(b.clicks), soci::use(b.spend), soci::use(b.conversions), soci::use(b.value),
       soci::use(b.reach, b.reach_ind), soci::use(b.frequency, b.frequency_ind),
       soci::use(b.video_views, b.video_views_ind), soci::use(b.updated_at));
  long long changed = 0;
  for (std::size_t begin = 0; begin < rows.size(); begin += kSqliteBatch) {
    std::size_t end = std::min(rows.size(), begin + kSqliteBatch);
    if (begin > 0) b.fill(rows, begin, end, tx.tenant_id(), now);
    st.execute(true);
    changed += st.get_affected_rows();  // rows inserted or rewritten, not the unchanged ones
  }
  long long inserted = count_all(tx, ranges) - before;
  UpsertCounts counts;
  counts.inserted = static_cast<std::size_t>(inserted);
  counts.updated = static_cast<std::size_t>(changed - inserted);
  counts.unchanged = rows.size() - static_cast<std::size_t>(changed);
  return counts;
}

// ---- PostgreSQL ---------------------------------------------------------------------------

namespace {

constexpr std::size_t kPostgresBatch = 10'000;

// Builds a PostgreSQL array literal ("{a,b,NULL}") element by element.
class ArrayLiteral {
 public:
  void reset() { text_.assign(1, '{'); }
  void add_text(std::string_view s) {
    separate();
    text_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
  }
  template <class Number>
  void add_number(Number n) {
    separate();
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, n);  // shortest exact form
    text_.append(buffer, end);
  }
  template <class Number>
  void add_optional(const std::optional<Number>& n) {
    if (n) {
      add_number(*n);
    } else {
      separate();
      text_ += "NULL";
    }
  }
  void add_date(core::Date d) {
    separate();
    text_ += core::format_iso_date(d);
  }
  std::string& finish() {
    text_ += '}';
    return text_;
  }

 private:
  void separate() {
    if (text_.size() > 1) text_ += ',';
  }
  std::string text_ = "{";
};

struct PostgresBatch {
  ArrayLiteral campaign, date, impressions, clicks, spend, conversions, value, reach, frequency,
      video_views, campaign_ids;
  std::string a_campaign, a_date, a_impressions, a_clicks, a_spend, a_conversions, a_value, a_reach,
      a_frequency, a_video_views, a_campaign_ids, first_date, last_date;

  void fill(const std::vector<const MetricRow*>& rows, std::size_t begin, std::size_t end);
};

void PostgresBatch::fill(const std::vector<const MetricRow*>& rows, std::size_t begin,
                         std::size_t end) {
  for (ArrayLiteral* a : {&campaign, &date, &impressions, &clicks, &spend, &conversions, &value,
                          &reach, &frequency, &video_views, &campaign_ids}) {
    a->reset();
  }
  core::Date first = rows[begin]->date, last = rows[begin]->date;
  for (std::size_t i = begin; i < end; ++i) {
    const MetricRow& r = *rows[i];
    campaign.add_text(r.campaign_id);
    if (i == begin || r.campaign_id != rows[i - 1]->campaign_id)
      campaign_ids.add_text(r.campaign_id);
    date.add_date(r.date);
    first = std::min(first, r.date);
    last = std::max(last, r.date);
    impressions.add_number(r.impressions);
    clicks.add_number(r.clicks);
    spend.add_number(r.spend_micros);
    conversions.add_number(r.conversions);
    value.add_number(r.conversion_value_micros);
    reach.add_optional(r.reach);
    frequency.add_optional(r.frequency);
    video_views.add_optional(r.video_views);
  }
  a_campaign.swap(campaign.finish()), a_date.swap(date.finish());
  a_impressions.swap(impressions.finish()), a_clicks.swap(clicks.finish());
  a_spend.swap(spend.finish()), a_conversions.swap(conversions.finish());
  a_value.swap(value.finish()), a_reach.swap(reach.finish());
  a_frequency.swap(frequency.finish()), a_video_views.swap(video_views.finish());
  a_campaign_ids.swap(campaign_ids.finish());
  first_date = core::format_iso_date(first);
  last_date = core::format_iso_date(last);
}

constexpr const char* kUnnest =
    "unnest(CAST(:c AS text[]), CAST(:d AS date[]), CAST(:i AS bigint[]), "
    "CAST(:cl AS bigint[]), CAST(:s AS bigint[]), CAST(:cv AS float8[]), CAST(:v AS bigint[]), "
    "CAST(:r AS bigint[]), CAST(:f AS float8[]), CAST(:vv AS bigint[])) AS u(campaign_id, date, "
    "impressions, clicks, spend_micros, conversions, conversion_value_micros, reach, frequency, "
    "video_views)";

// Whether any stored row of the batch's campaigns falls in its date range (a superset test).
constexpr const char* kAnyStored =
    "SELECT CAST(EXISTS (SELECT 1 FROM campaign_metrics WHERE tenant_id = :t AND "
    "campaign_id = ANY (CAST(:ids AS text[])) AND date BETWEEN CAST(:first AS date) AND "
    "CAST(:last AS date)) AS INTEGER)";

// Fast path when nothing is stored yet: a plain INSERT (no speculative insertion).
std::string insert_all_sql() {
  return std::string("INSERT INTO campaign_metrics (tenant_id, campaign_id, date, ") + kColumns +
         ", updated_at) SELECT CAST(:t AS text), u.*, CAST(:u AS timestamptz) FROM " + kUnnest;
}

// General path: joins the batch with the stored rows (an index probe per row, whatever plan the
// prepared statement gets) and sends only the missing or differing rows through INSERT … ON
// CONFLICT DO UPDATE, so identical rows are neither locked nor rewritten. No UPDATE … FROM join:
// with the generic plan's 10-row estimate for unnest() it can go quadratic.
std::string classify_sql() {
  std::string row_i, row_m, set;
  for (const char* c : {"impressions", "clicks", "spend_micros", "conversions",
                        "conversion_value_micros", "reach", "frequency", "video_views"}) {
    std::string sep = row_i.empty() ? "" : ", ";
    row_i += sep + "i." + c;
    row_m += sep + "m." + c;
    set += std::string(c) + " = excluded." + c + ", ";
  }
  return std::string("WITH input AS (SELECT * FROM ") + kUnnest +
         "), todo AS (SELECT i.* FROM input i LEFT JOIN campaign_metrics m ON m.tenant_id = "
         "CAST(:t1 AS text) AND m.campaign_id = i.campaign_id AND m.date = i.date WHERE "
         "m.campaign_id IS NULL OR (" +
         row_i + ") IS DISTINCT FROM (" + row_m +
         ")), "
         "written AS (INSERT INTO campaign_metrics AS m (tenant_id, campaign_id, date, " +
         kColumns +
         ", updated_at) SELECT CAST(:t2 AS text), todo.*, CAST(:u AS timestamptz) "
         "FROM todo ON CONFLICT (tenant_id, campaign_id, date) DO UPDATE SET " +
         set +
         "updated_at = excluded.updated_at RETURNING (xmax = 0) AS inserted) "
         "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
         "FROM written";
}

// Binds the batch's arrays (by name) to `st`.
void use_arrays(soci::statement& st, PostgresBatch& b) {
  st.exchange(soci::use(b.a_campaign, "c"));
  st.exchange(soci::use(b.a_date, "d"));
  st.exchange(soci::use(b.a_impressions, "i"));
  st.exchange(soci::use(b.a_clicks, "cl"));
  st.exchange(soci::use(b.a_spend, "s"));
  st.exchange(soci::use(b.a_conversions, "cv"));
  st.exchange(soci::use(b.a_value, "v"));
  st.exchange(soci::use(b.a_reach, "r"));
  st.exchange(soci::use(b.a_frequency, "f"));
  st.exchange(soci::use(b.a_video_views, "vv"));
}

void prepare(soci::statement& st, const std::string& sql) {
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
}

}  // namespace

UpsertCounts upsert_postgresql(Tx& tx, const std::vector<const MetricRow*>& rows) {
  PostgresBatch b;
  const std::string& tenant = tx.tenant_id();
  std::string now = now_timestamp();
  int any_stored = 0;
  long long inserted = 0, updated = 0;

  soci::statement probe(tx.sql());
  probe.exchange(soci::into(any_stored));
  probe.exchange(soci::use(tenant, "t"));
  probe.exchange(soci::use(b.a_campaign_ids, "ids"));
  probe.exchange(soci::use(b.first_date, "first"));
  probe.exchange(soci::use(b.last_date, "last"));
  prepare(probe, kAnyStored);

  soci::statement insert_all(tx.sql());
  insert_all.exchange(soci::use(tenant, "t"));
  insert_all.exchange(soci::use(now, "u"));
  use_arrays(insert_all, b);
  prepare(insert_all, insert_all_sql());

  soci::statement classify(tx.sql());
  classify.exchange(soci::into(inserted));
  classify.exchange(soci::into(updated));
  for (const char* t : {"t1", "t2"}) classify.exchange(soci::use(tenant, t));
  classify.exchange(soci::use(now, "u"));
  use_arrays(classify, b);
  prepare(classify, classify_sql());

  UpsertCounts counts;
  for (std::size_t begin = 0; begin < rows.size(); begin += kPostgresBatch) {
    std::size_t end = std::min(rows.size(), begin + kPostgresBatch);
    b.fill(rows, begin, end);
    probe.execute(true);
    if (any_stored == 0) {
      insert_all.execute(true);
      counts.inserted += end - begin;
    } else {
      classify.execute(true);
      counts.inserted += static_cast<std::size_t>(inserted);
      counts.updated += static_cast<std::size_t>(updated);
    }
  }
  counts.unchanged = rows.size() - counts.inserted - counts.updated;
  return counts;
}

}  // namespace store::internal
