// One page of a cursor-paginated listing.
#pragma once

#include <string>
#include <vector>

namespace store {

template <class T>
struct Page {
  std::vector<T> items;
  // Pass back as the query's cursor to get the next page; empty when this page is the last.
  // Opaque: it encodes the last item's sort key and id, and only fits the listing (and sort)
  // that produced it.
  std::string next_cursor;
};

}  // namespace store
