#include "store/audit.h"

#include <soci/soci.h>

#include "store/internal/cursor.h"
#include "store/internal/sql.h"

namespace store::audit {

std::int64_t record(Tx& tx, const AuditEntry& entry) {
  const std::string& tenant = internal::require_tenant(tx, "audit::record");
  Dialect d = tx.dialect();
  std::string at = entry.at.empty() ? internal::now_timestamp() : entry.at;
  // SQLite: ids count per tenant, assigned under the write lock every write transaction holds.
  // PostgreSQL: an identity column.
  std::string id_column = d == Dialect::sqlite ? "id, " : "";
  std::string id_value = d == Dialect::sqlite
                             ? "(SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log WHERE "
                               "tenant_id = :tenant2), "
                             : "";
  std::string sql = "INSERT INTO audit_log (tenant_id, " + id_column +
                    "at, actor, action, resource_type, resource_id, request_id, details) "
                    "VALUES (:tenant, " +
                    id_value + internal::ts_in(d, ":at") +
                    ", :actor, :action, :rtype, :rid, :request, " +
                    internal::json_in(d, ":details") + ") RETURNING id";
  long long id = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(id));
  st.exchange(soci::use(tenant, "tenant"));
  if (d == Dialect::sqlite) st.exchange(soci::use(tenant, "tenant2"));
  st.exchange(soci::use(at, "at"));
  st.exchange(soci::use(entry.actor, "actor"));
  st.exchange(soci::use(entry.action, "action"));
  st.exchange(soci::use(entry.resource_type, "rtype"));
  st.exchange(soci::use(entry.resource_id, "rid"));
  st.exchange(soci::use(entry.request_id, "request"));
  st.exchange(soci::use(entry.details, "details"));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  return id;
}

Page<AuditEntry> list(Tx& tx, std::size_t limit, const std::string& cursor) {
  const std::string& tenant = internal::require_tenant(tx, "audit::list");
  internal::check_limit(limit);
  Dialect d = tx.dialect();
  std::string before_clause;
  long long before = 0;
  if (!cursor.empty()) {
    std::string text = internal::decode_cursor(cursor, "audit", 2)[1];
    try {
      before = std::stoll(text);
    } catch (const std::exception&) {
      throw InvalidArgument("malformed cursor");
    }
    before_clause = " AND id < :before";
  }
  long long fetch = static_cast<long long>(limit) + 1;
  AuditEntry e;
  long long id = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(id));
  st.exchange(soci::into(e.at));
  st.exchange(soci::into(e.actor));
  st.exchange(soci::into(e.action));
  st.exchange(soci::into(e.resource_type));
  st.exchange(soci::into(e.resource_id));
  st.exchange(soci::into(e.request_id));
  st.exchange(soci::into(e.details));
  st.exchange(soci::use(tenant, "tenant"));
  if (!cursor.empty()) st.exchange(soci::use(before, "before"));
  st.exchange(soci::use(fetch, "n"));
  st.alloc();
  st.prepare("SELECT id, " + internal::ts_out(d, "at") +
             ", actor, action, resource_type, resource_id, request_id, " +
             internal::json_out(d, "details") + " FROM audit_log WHERE tenant_id = :tenant" +
             before_clause + " ORDER BY id DESC LIMIT :n");
  st.define_and_bind();
  st.execute();
  Page<AuditEntry> page;
  while (st.fetch()) {
    if (page.items.size() == limit) {
      page.next_cursor = internal::encode_cursor({"audit", std::to_string(page.items.back().id)});
      break;
    }
    e.id = id;
    page.items.push_back(e);
  }
  return page;
}

}  // namespace store::audit
