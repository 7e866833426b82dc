// Summing parsed rows into one record per (platform, campaign id — or name when the row has no
// id —, date), in first-seen order. Internal to the CSV importer. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/csv/row_converter.h"
#include "connectors/csv_import.h"

namespace connectors::csv {

class Aggregator {
 public:
  // Adds `row` (starting on `line`) to its record. Returns a problem, and changes nothing, when
  // the row's currency differs from the record's or a sum would overflow.
  std::optional<RowProblem> add(const ParsedRow& row, std::size_t line,
                                const std::string& currency_label);

  // The records, with frequency settled: impressions / reach when reach is known and positive,
  // else the file's frequency when the record comes from one row, else empty.
  std::vector<MetricRecord> finish() &&;

 private:
  struct KeyView {
    std::int32_t day;
    core::Platform platform;
    bool by_id;
    std::string_view text;  // the campaign id when by_id, else the name
    friend bool operator==(const KeyView&, const KeyView&) = default;
  };
  struct RecordState {
    std::uint64_t hash = 0;
    std::size_t rows = 0;
    std::optional<double> file_frequency;  // of the first row
  };
  // A slot holds the upper half of the key's hash and the record index, or kEmptySlot.
  static constexpr std::uint64_t kEmptySlot = ~std::uint64_t{0};

  static std::uint64_t hash_of(const KeyView& key);
  KeyView key_of(std::size_t record) const;
  std::size_t find_or_create(const KeyView& key, const ParsedRow& row, std::size_t line);
  void grow();

  std::vector<MetricRecord> records_;
  std::vector<RecordState> states_;
  // Open addressing with linear probing over record indexes: no node per record, and the
  // strings live only in the records.
  std::vector<std::uint64_t> slots_;
  std::optional<std::size_t> last_record_;  // rows of one campaign-day often come together
};

}  // namespace connectors::csv
