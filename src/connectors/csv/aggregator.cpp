#include "connectors/csv/aggregator.h"

#include <functional>

namespace connectors::csv {
namespace {

std::string currency_text(const std::array<char, 3>& code) { return {code.begin(), code.end()}; }

bool add_checked(std::int64_t a, std::int64_t b, std::int64_t& sum) {
  return !__builtin_add_overflow(a, b, &sum);
}

}  // namespace

std::uint64_t Aggregator::hash_of(const KeyView& key) {
  std::uint64_t h = std::hash<std::string_view>{}(key.text);
  std::uint64_t extra = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(key.day)) << 8) |
                        (static_cast<std::uint64_t>(key.platform) << 1) | (key.by_id ? 1U : 0U);
  h ^= (extra + 0x9E3779B97F4A7C15ULL) * 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 31);
}

Aggregator::KeyView Aggregator::key_of(std::size_t record) const {
  const MetricRecord& r = records_[record];
  bool by_id = !r.campaign_external_id.empty();
  return {r.date.days_since_epoch, r.platform, by_id,
          by_id ? r.campaign_external_id : r.campaign_name};
}

void Aggregator::grow() {
  std::size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
  slots_.assign(capacity, kEmptySlot);
  std::size_t mask = capacity - 1;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    std::uint64_t hash = states_[i].hash;
    std::size_t at = hash & mask;
    while (slots_[at] != kEmptySlot) at = (at + 1) & mask;
    slots_[at] = (hash & 0xFFFFFFFF00000000ULL) | i;
  }
}

std::size_t Aggregator::find_or_create(const KeyView& key, const ParsedRow& row, std::size_t line) {
  auto matches = [&](std::size_t record) { return key_of(record) == key; };
  if (last_record_ && matches(*last_record_)) return *last_record_;
  if ((records_.size() + 1) * 2 > slots_.size()) grow();
  std::uint64_t hash = hash_of(key);
  std::uint64_t tag = hash & 0xFFFFFFFF00000000ULL;
  std::size_t mask = slots_.size() - 1;
  std::size_t at = hash & mask;
  for (; slots_[at] != kEmptySlot; at = (at + 1) & mask) {
    std::size_t record = slots_[at] & 0xFFFFFFFFULL;
    if ((slots_[at] & 0xFFFFFFFF00000000ULL) == tag && matches(record)) {
      last_record_ = record;
      return record;
    }
  }
  MetricRecord record;
  record.first_line = line;
  record.platform = row.platform;
  record.campaign_external_id = std::string(row.campaign_id);
  record.campaign_name = std::string(row.campaign_name);
  record.date = row.date;
  records_.push_back(std::move(record));
  states_.push_back({hash, 0, std::nullopt});
  slots_[at] = tag | (records_.size() - 1);
  last_record_ = records_.size() - 1;
  return records_.size() - 1;
}

std::optional<RowProblem> Aggregator::add(const ParsedRow& row, std::size_t line,
                                          const std::string& currency_label) {
  bool by_id = !row.campaign_id.empty();
  KeyView key{row.date.days_since_epoch, row.platform, by_id,
              by_id ? row.campaign_id : row.campaign_name};
  std::size_t index = find_or_create(key, row, line);
  MetricRecord& record = records_[index];
  RecordState& state = states_[index];

  if (row.currency && record.currency && *record.currency != currency_text(*row.currency)) {
    return RowProblem{currency_label, "currency " + currency_text(*row.currency) +
                                          " differs from " + *record.currency +
                                          " of the same campaign and day (line " +
                                          std::to_string(record.first_line) + ")"};
  }
  std::int64_t impressions, clicks, spend, value, reach = 0, views = 0;
  if (!add_checked(record.impressions, row.impressions, impressions) ||
      !add_checked(record.clicks, row.clicks, clicks) ||
      !add_checked(record.spend_micros, row.spend_micros, spend) ||
      !add_checked(record.conversion_value_micros, row.conversion_value_micros, value) ||
      !add_checked(record.reach.value_or(0), row.reach.value_or(0), reach) ||
      !add_checked(record.video_views.value_or(0), row.video_views.value_or(0), views)) {
    return RowProblem{"", "adding this row overflows the totals of its campaign and day"};
  }
  if (row.currency && !record.currency) record.currency = currency_text(*row.currency);
  record.impressions = impressions;
  record.clicks = clicks;
  record.spend_micros = spend;
  record.conversion_value_micros = value;
  record.conversions += row.conversions;
  // A row without reach (Meta leaves it empty on rows without delivery) adds nothing to it.
  if (row.reach || record.reach) record.reach = reach;
  if (row.video_views || record.video_views) record.video_views = views;
  if (state.rows == 0) state.file_frequency = row.frequency;
  ++state.rows;
  return std::nullopt;
}

std::vector<MetricRecord> Aggregator::finish() && {
  for (std::size_t i = 0; i < records_.size(); ++i) {
    MetricRecord& record = records_[i];
    if (record.reach && *record.reach > 0) {
      record.frequency =
          static_cast<double>(record.impressions) / static_cast<double>(*record.reach);
    } else if (states_[i].rows == 1) {
      record.frequency = states_[i].file_frequency;
    }
  }
  slots_.clear();
  last_record_.reset();
  return std::move(records_);
}

}  // namespace connectors::csv
