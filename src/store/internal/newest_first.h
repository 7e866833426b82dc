// Newest-first pages of a tenant table ordered by (created_at DESC, id DESC): the cursor's
// WHERE fragment and bindings, the LIMIT of one extra row, and the next cursor. Shared by the
// listings of strategies, budget optimizations and rule evaluations. Internal to store/.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "store/database.h"
#include "store/internal/cursor.h"
#include "store/internal/sql.h"
#include "store/page.h"

namespace store::internal {

class NewestFirst {
 public:
  // Decodes `cursor` (empty: the first page) of the listing `kind`; throws InvalidArgument on a
  // limit outside 1–500 or a cursor from another listing.
  NewestFirst(std::string_view kind, const std::string& cursor, std::size_t limit)
      : kind_(kind), limit_(limit), fetch_(static_cast<long long>(limit) + 1) {
    check_limit(limit);
    if (!cursor.empty()) {
      auto parts = decode_cursor(cursor, kind, 3);
      after_created_ = parts[1];
      after_id_ = parts[2];
    }
  }
  // " AND (created_at < … OR …)" after a cursor, else "".
  std::string where(Dialect d) const {
    if (after_id_.empty()) return "";
    return " AND (created_at < " + ts_in(d, ":created") + " OR (created_at = " +
           ts_in(d, ":created2") + " AND id < :after))";
  }
  static std::string order_and_limit() { return " ORDER BY created_at DESC, id DESC LIMIT :n"; }
  // Binds what where() and order_and_limit() name; call after the statement's own uses.
  void bind(soci::statement& st) {
    if (!after_id_.empty()) {
      st.exchange(soci::use(after_created_, "created"));
      st.exchange(soci::use(after_created_, "created2"));
      st.exchange(soci::use(after_id_, "after"));
    }
    st.exchange(soci::use(fetch_, "n"));
  }
  // Drops the extra row and sets the next cursor from the last item (created_at, id).
  template <class T>
  void finish(Page<T>& page) const {
    if (page.items.size() <= limit_) return;
    page.items.pop_back();
    const auto& last = page.items.back();
    page.next_cursor = encode_cursor({std::string(kind_), last.created_at, last.id});
  }

 private:
  std::string kind_;
  std::size_t limit_;
  long long fetch_;
  std::string after_created_, after_id_;
};

}  // namespace store::internal
