// campaigns::list: filters, four sort keys in both directions, keyset (cursor) pagination.
#include "store/campaigns.h"
#include "store/internal/campaign_row.h"
#include "store/internal/cursor.h"

namespace store::campaigns {
namespace {

struct SortKey {
  const char* name;        // in cursors
  std::string column;      // SQL expression sorted on
  std::string param_cast;  // wraps a bound text key for comparison with column
  bool nullable;
};

SortKey sort_key(CampaignSort sort, Dialect d) {
  bool pg = d == Dialect::postgresql;
  switch (sort) {
    case CampaignSort::name:
      // Byte order in both dialects (SQLite's BINARY = PostgreSQL's "C").
      return {"name", pg ? "name COLLATE \"C\"" : "name",
              pg ? "CAST(%s AS TEXT) COLLATE \"C\"" : "%s", false};
    case CampaignSort::created_at:
      return {"created_at", "created_at", pg ? "CAST(%s AS timestamptz)" : "%s", false};
    case CampaignSort::updated_at:
      return {"updated_at", "updated_at", pg ? "CAST(%s AS timestamptz)" : "%s", false};
    case CampaignSort::start_date:
      return {"start_date", "start_date", pg ? "CAST(%s AS date)" : "%s", true};
  }
  throw InvalidArgument("unknown campaign sort");
}

std::string cast(const SortKey& key, const std::string& param) {
  std::string out = key.param_cast;
  return out.replace(out.find("%s"), 2, param);
}

// The cursor's key for `c` under `key`; nullopt when the campaign has no value to sort on.
std::optional<std::string> key_of(const Campaign& c, CampaignSort sort) {
  switch (sort) {
    case CampaignSort::name:
      return c.name;
    case CampaignSort::created_at:
      return c.created_at;
    case CampaignSort::updated_at:
      return c.updated_at;
    case CampaignSort::start_date:
      return internal::date_text(c.start_date);
  }
  return std::nullopt;
}

// Rows strictly after (key, id) in the listing order, where a NULL key is the smallest.
std::string after_clause(const SortKey& key, bool descending, bool key_is_null) {
  const std::string& col = key.column;
  std::string k1 = cast(key, ":k1"), k2 = cast(key, ":k2");
  if (!descending) {
    if (key_is_null)
      return " AND ((" + col + " IS NULL AND id > :after) OR " + col + " IS NOT NULL)";
    return " AND (" + col + " > " + k1 + " OR (" + col + " = " + k2 + " AND id > :after))";
  }
  if (key_is_null) return " AND (" + col + " IS NULL AND id < :after)";
  return " AND (" + col + " < " + k1 + " OR (" + col + " = " + k2 + " AND id < :after) OR " + col +
         " IS NULL)";
}

// Bound values of the optional filters and cursor, alive while the statement runs.
struct ListParams {
  std::string client, platform, status, objective, name_contains, key, after;
  long long fetch = 0;
};

std::string where_clause(const CampaignQuery& q, Dialect d, ListParams& p) {
  std::string where;
  if (q.client_id) {
    where += " AND client_id = :client";
    p.client = *q.client_id;
  }
  if (q.platform) {
    where += " AND platform = :platform";
    p.platform = core::platform_name(*q.platform);
  }
  if (q.status) {
    where += " AND status = :status";
    p.status = internal::status_name(*q.status);
  }
  if (q.objective) {
    where += " AND objective = :objective";
    p.objective = core::objective_name(*q.objective);
  }
  if (q.name_contains) {
    where += d == Dialect::sqlite ? " AND instr(lower(name), lower(:q)) > 0"
                                  : " AND strpos(lower(name), lower(:q)) > 0";
    p.name_contains = *q.name_contains;
  }
  return where;
}

void bind_params(soci::statement& st, const CampaignQuery& q, ListParams& p, bool has_cursor,
                 bool key_is_null) {
  if (q.client_id) st.exchange(soci::use(p.client, "client"));
  if (q.platform) st.exchange(soci::use(p.platform, "platform"));
  if (q.status) st.exchange(soci::use(p.status, "status"));
  if (q.objective) st.exchange(soci::use(p.objective, "objective"));
  if (q.name_contains) st.exchange(soci::use(p.name_contains, "q"));
  if (has_cursor) {
    st.exchange(soci::use(p.after, "after"));
    if (!key_is_null) {
      st.exchange(soci::use(p.key, "k1"));
      st.exchange(soci::use(p.key, "k2"));
    }
  }
  st.exchange(soci::use(p.fetch, "n"));
}

}  // namespace

Page<Campaign> list(Tx& tx, const CampaignQuery& query) {
  const std::string& tenant = internal::require_tenant(tx, "campaigns::list");
  internal::check_limit(query.limit);
  SortKey key = sort_key(query.sort, tx.dialect());
  const char* direction = query.descending ? "d" : "a";
  ListParams p;
  p.fetch = static_cast<long long>(query.limit) + 1;
  std::string sql = internal::select_campaigns(tx.dialect()) + where_clause(query, tx.dialect(), p);
  bool has_cursor = !query.cursor.empty(), key_is_null = false;
  if (has_cursor) {
    auto parts = internal::decode_cursor(query.cursor, "campaigns", 6);
    if (parts[1] != key.name || parts[2] != direction) {
      throw InvalidArgument("cursor was made for another sort order");
    }
    key_is_null = parts[3] == "1";
    p.key = parts[4];
    p.after = parts[5];
    sql += after_clause(key, query.descending, key_is_null);
  }
  // NULLS is spelled out only for the nullable key: the PostgreSQL planner matches an index
  // only when the null ordering matches too (the start_date index is built NULLS FIRST).
  std::string nulls = key.nullable ? (query.descending ? " NULLS LAST" : " NULLS FIRST") : "";
  sql += " ORDER BY " + key.column + (query.descending ? " DESC" : " ASC") + nulls +
         (query.descending ? ", id DESC" : ", id ASC");
  sql += " LIMIT :n";

  internal::CampaignRow row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  bind_params(st, query, p, has_cursor, key_is_null);
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute();
  Page<Campaign> page;
  while (st.fetch()) {
    if (page.items.size() == query.limit) {
      const Campaign& last = page.items.back();
      auto last_key = key_of(last, query.sort);
      page.next_cursor = internal::encode_cursor(
          {"campaigns", key.name, direction, last_key ? "0" : "1", last_key.value_or(""), last.id});
      break;
    }
    page.items.push_back(row.done());
  }
  return page;
}

}  // namespace store::campaigns
