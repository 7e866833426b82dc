// Reading rows into records: a repository declares a Row type whose bind(statement) registers
// its into()s and whose done() turns the fetched values into a record; these run the statement
// and collect the records. Internal to store/.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"

namespace store::internal {

template <class Row>
using RecordOf = decltype(std::declval<const Row&>().done());

// The one row of `select` (which ends in "… WHERE tenant_id = :tenant") with `column` = value.
template <class Row>
std::optional<RecordOf<Row>> find_one(Tx& tx, const std::string& select, const std::string& tenant,
                                      const std::string& column, const std::string& value) {
  Row row;
  soci::statement st(tx.sql());
  row.bind(st);
  st.exchange(soci::use(tenant, "tenant"));
  st.exchange(soci::use(value, "value"));
  st.alloc();
  st.prepare(select + " AND " + column + " = :value");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.done();
}

// Executes `st` (its uses bound, `row` bound to its intos, defined) and appends every record.
template <class Row>
void collect(soci::statement& st, Row& row, std::vector<RecordOf<Row>>& out) {
  if (!st.execute(true)) return;
  do {
    out.push_back(row.done());
  } while (st.fetch());
}

}  // namespace store::internal
