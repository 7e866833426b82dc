#include "connectors/csv/columns.h"

#include <algorithm>

#include "connectors/csv/values.h"
#include "core/money.h"

namespace connectors::csv {
namespace {

struct Alias {
  Field field;
  std::string_view name;  // normalized
};

// Accepted names per layout. For each field the earlier alias wins when several are present.
constexpr Alias kGoogleAds[] = {
    {Field::date, "day"},
    {Field::campaign_name, "campaign"},
    {Field::campaign_name, "campaign name"},
    {Field::campaign_id, "campaign id"},
    {Field::currency, "currency code"},
    {Field::currency, "currency"},
    {Field::impressions, "impr."},
    {Field::impressions, "impressions"},
    {Field::clicks, "clicks"},
    {Field::spend, "cost"},
    {Field::conversions, "conversions"},
    {Field::conversion_value, "conv. value"},
    {Field::conversion_value, "conversion value"},
    {Field::video_views, "views"},
    {Field::video_views, "video views"},
};
constexpr Alias kMetaAds[] = {
    {Field::date, "day"},
    {Field::reporting_starts, "reporting starts"},
    {Field::reporting_ends, "reporting ends"},
    {Field::campaign_name, "campaign name"},
    {Field::campaign_id, "campaign id"},
    {Field::currency, "currency"},
    {Field::impressions, "impressions"},
    {Field::clicks, "link clicks"},  // §8: Meta's clicks are link clicks
    {Field::clicks, "clicks (all)"},
    {Field::spend, "amount spent"},
    {Field::conversions, "purchases"},
    {Field::conversions, "website purchases"},
    {Field::conversion_value, "purchases conversion value"},
    {Field::conversion_value, "website purchases conversion value"},
    {Field::reach, "reach"},
    {Field::frequency, "frequency"},
    {Field::video_views, "thruplays"},
};
constexpr Alias kLinkedInAds[] = {
    {Field::date, "start date (in utc)"},
    {Field::date, "start date"},
    {Field::campaign_name, "campaign name"},
    {Field::campaign_id, "campaign id"},
    {Field::currency, "currency"},
    {Field::impressions, "impressions"},
    {Field::clicks, "clicks"},
    {Field::spend, "total spent"},
    {Field::conversions, "conversions"},
    {Field::conversion_value, "conversion value"},
    {Field::reach, "reach"},
    {Field::frequency, "average frequency"},
    {Field::frequency, "frequency"},
    {Field::video_views, "video views"},
};
constexpr Alias kTikTokAds[] = {
    {Field::date, "by day"},
    {Field::date, "date"},
    {Field::campaign_name, "campaign name"},
    {Field::campaign_id, "campaign id"},
    {Field::currency, "currency"},
    {Field::impressions, "impressions"},
    {Field::clicks, "clicks (destination)"},
    {Field::clicks, "clicks"},
    {Field::spend, "cost"},
    {Field::spend, "spend"},
    {Field::spend, "total cost"},
    {Field::conversions, "conversions"},
    {Field::conversions, "complete payment"},
    {Field::conversions, "purchases"},
    {Field::conversion_value, "total complete payment value"},
    {Field::conversion_value, "total purchase value"},
    {Field::reach, "reach"},
    {Field::frequency, "frequency"},
    {Field::video_views, "video views"},
};
constexpr Alias kGeneric[] = {
    {Field::date, "date"},
    {Field::campaign_name, "campaign name"},
    {Field::campaign_name, "campaign"},
    {Field::campaign_id, "campaign id"},
    {Field::platform, "platform"},
    {Field::currency, "currency"},
    {Field::impressions, "impressions"},
    {Field::clicks, "clicks"},
    {Field::spend, "spend"},
    {Field::spend, "cost"},
    {Field::conversions, "conversions"},
    {Field::conversion_value, "conversion value"},
    {Field::reach, "reach"},
    {Field::frequency, "frequency"},
    {Field::video_views, "video views"},
};

// Columns only one platform's export has; any one of them identifies the layout.
constexpr std::string_view kMetaMarkers[] = {"reporting starts", "reporting ends",
                                             "amount spent",     "link clicks",
                                             "clicks (all)",     "attribution setting"};
constexpr std::string_view kLinkedInMarkers[] = {"start date (in utc)", "total spent",
                                                 "campaign group name", "clicks to landing page"};
constexpr std::string_view kGoogleMarkers[] = {"impr.", "conv. value", "avg. cpc", "cost / conv."};
constexpr std::string_view kTikTokMarkers[] = {"by day",
                                               "clicks (destination)",
                                               "ctr (destination)",
                                               "cpc (destination)",
                                               "2-second video views",
                                               "6-second video views",
                                               "complete payment",
                                               "total complete payment value",
                                               "primary status"};

std::span<const Alias> aliases_of(CsvFormat format) {
  switch (format) {
    case CsvFormat::google_ads: return kGoogleAds;
    case CsvFormat::meta_ads: return kMetaAds;
    case CsvFormat::linkedin_ads: return kLinkedInAds;
    case CsvFormat::tiktok_ads: return kTikTokAds;
    case CsvFormat::generic:
    case CsvFormat::auto_detect: break;
  }
  return kGeneric;
}

bool has(std::span<const HeaderName> header, std::string_view name) {
  return std::any_of(header.begin(), header.end(),
                     [&](const HeaderName& h) { return h.name == name; });
}

template <std::size_t N>
bool has_any(std::span<const HeaderName> header, const std::string_view (&names)[N]) {
  return std::any_of(std::begin(names), std::end(names),
                     [&](std::string_view name) { return has(header, name); });
}

constexpr Field kCounters[] = {Field::impressions, Field::clicks,           Field::spend,
                               Field::conversions, Field::conversion_value, Field::reach,
                               Field::video_views};

std::string accepted_names(CsvFormat format, Field field) {
  std::string out;
  for (const Alias& alias : aliases_of(format)) {
    if (alias.field != field) continue;
    out += out.empty() ? "'" : " or '";
    out += alias.name;
    out += "'";
  }
  return out;
}

std::optional<std::string> missing_required(CsvFormat format, const ColumnMap& map) {
  if (format == CsvFormat::meta_ads && map[Field::date] == ColumnMap::kAbsent &&
      (map[Field::reporting_starts] == ColumnMap::kAbsent ||
       map[Field::reporting_ends] == ColumnMap::kAbsent)) {
    return "required column missing: a Meta export needs 'Day' or both 'Reporting starts' and "
           "'Reporting ends'";
  }
  for (Field field : {Field::date, Field::campaign_name}) {
    if (format == CsvFormat::meta_ads && field == Field::date) continue;
    if (map[field] == ColumnMap::kAbsent) {
      return "required column '" + std::string(field_name(field)) +
             "' is missing (accepted: " + accepted_names(format, field) + ")";
    }
  }
  bool any_counter = std::any_of(std::begin(kCounters), std::end(kCounters),
                                 [&](Field f) { return map[f] != ColumnMap::kAbsent; });
  if (!any_counter) {
    return "no metric column found: expected at least one of impressions, clicks, spend, "
           "conversions, conversion_value, reach, video_views";
  }
  return std::nullopt;
}

// "ignored columns: Ad Set Name, Objective (2 columns)".
std::string ignored_note(std::span<const std::string_view> cells, std::span<const HeaderName> names,
                         const std::vector<bool>& used) {
  std::string note;
  std::vector<bool> listed(cells.size(), false);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (used[i] || listed[i]) continue;
    std::size_t copies = 0;
    for (std::size_t j = i; j < cells.size(); ++j) {
      if (!used[j] && names[j].name == names[i].name) {
        listed[j] = true;
        ++copies;
      }
    }
    note += note.empty() ? "ignored columns: " : ", ";
    note += trim(cells[i]).empty() ? std::string("(unnamed)") : std::string(trim(cells[i]));
    if (copies > 1) note += " (" + std::to_string(copies) + " columns)";
  }
  return note;
}

}  // namespace

std::string_view field_name(Field field) {
  static constexpr std::string_view kNames[kFieldCount] = {
      "date",        "reporting_starts", "reporting_ends", "campaign_name", "campaign_id",
      "platform",    "currency",         "impressions",    "clicks",        "spend",
      "conversions", "conversion_value", "reach",          "frequency",     "video_views"};
  return kNames[static_cast<std::size_t>(field)];
}

HeaderName normalize_header(std::string_view cell) {
  HeaderName out;
  std::string_view text = trim(cell);
  // A trailing "(USD)": the column's currency, not part of its name. Upper case only, or
  // "Clicks (all)" would be a column in Albanian lek.
  if (text.size() >= 5 && text.back() == ')' && text[text.size() - 5] == '(') {
    std::string code(text.substr(text.size() - 4, 3));
    if (core::is_iso4217_currency(code)) {
      out.currency = code;
      text = trim(text.substr(0, text.size() - 5));
    }
  }
  out.name.reserve(text.size());
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_' || c == '\t') c = ' ';
    if (c == ' ' && (out.name.empty() || out.name.back() == ' ')) continue;
    out.name += c;
  }
  if (!out.name.empty() && out.name.back() == ' ') out.name.pop_back();
  return out;
}

bool is_known_column_name(std::string_view normalized) {
  for (CsvFormat format : {CsvFormat::google_ads, CsvFormat::meta_ads, CsvFormat::linkedin_ads,
                           CsvFormat::tiktok_ads, CsvFormat::generic}) {
    for (const Alias& alias : aliases_of(format)) {
      if (alias.name == normalized) return true;
    }
  }
  auto in = [&](std::span<const std::string_view> names) {
    return std::find(names.begin(), names.end(), normalized) != names.end();
  };
  return in(kMetaMarkers) || in(kLinkedInMarkers) || in(kGoogleMarkers) || in(kTikTokMarkers);
}

CsvFormat detect_format(std::span<const HeaderName> header) {
  if (has_any(header, kMetaMarkers)) return CsvFormat::meta_ads;
  if (has_any(header, kLinkedInMarkers)) return CsvFormat::linkedin_ads;
  if (has_any(header, kGoogleMarkers) || (has(header, "day") && has(header, "cost"))) {
    return CsvFormat::google_ads;
  }
  if (has_any(header, kTikTokMarkers)) return CsvFormat::tiktok_ads;
  return CsvFormat::generic;
}

ColumnMapping map_columns(CsvFormat format, std::span<const std::string_view> header_cells) {
  ColumnMapping out;
  ColumnMap& map = out.map;
  map.index.fill(ColumnMap::kAbsent);
  map.column_count = header_cells.size();
  std::vector<HeaderName> names;
  names.reserve(header_cells.size());
  for (std::string_view cell : header_cells) names.push_back(normalize_header(cell));

  std::vector<bool> used(header_cells.size(), false);
  for (const Alias& alias : aliases_of(format)) {
    auto slot = static_cast<std::size_t>(alias.field);
    if (map.index[slot] != ColumnMap::kAbsent) continue;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i].name != alias.name) continue;
      map.index[slot] = static_cast<int>(i);
      map.label[slot] = std::string(trim(header_cells[i]));
      used[i] = true;
      break;  // a later duplicate of the same name stays ignored (and is listed as such)
    }
  }
  for (Field field : {Field::spend, Field::conversion_value}) {
    int column = map[field];
    if (!map.header_currency && column != ColumnMap::kAbsent) {
      map.header_currency = names[static_cast<std::size_t>(column)].currency;
    }
  }
  out.fatal_error = missing_required(format, map);
  for (std::size_t slot = 0; slot < kFieldCount; ++slot) {
    if (map.index[slot] == ColumnMap::kAbsent) continue;
    out.notes.push_back(std::string(field_name(static_cast<Field>(slot))) + " <- '" +
                        map.label[slot] + "' (column " + std::to_string(map.index[slot] + 1) + ")");
  }
  if (std::string note = ignored_note(header_cells, names, used); !note.empty()) {
    out.notes.push_back(std::move(note));
  }
  return out;
}

}  // namespace connectors::csv
