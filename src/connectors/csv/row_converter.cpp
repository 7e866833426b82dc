#include "connectors/csv/row_converter.h"

#include <algorithm>
#include <utility>

#include "core/date.h"
#include "core/money.h"

namespace connectors::csv {
namespace {

DateStyle date_style_of(CsvFormat format) {
  switch (format) {
    case CsvFormat::google_ads: return DateStyle::google;
    case CsvFormat::linkedin_ads: return DateStyle::month_day_year;
    case CsvFormat::tiktok_ads: return DateStyle::iso_with_time;
    case CsvFormat::meta_ads:
    case CsvFormat::generic:
    case CsvFormat::auto_detect: break;
  }
  return DateStyle::iso;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// "Total: Account", "Total: Campaigns", "Total of 3 results", "Total".
bool is_total_label(std::string_view cell) {
  std::string_view text = trim(cell);
  return starts_with_nocase(text, "total:") || starts_with_nocase(text, "total of ") ||
         (text.size() == 5 && starts_with_nocase(text, "total"));
}

// "meta_ads", "Meta Ads", "meta-ads" → Platform::meta_ads.
std::optional<core::Platform> platform_from_cell(std::string_view cell) {
  std::string name(trim(cell));
  for (char& c : name) c = (c == ' ' || c == '-') ? '_' : lower(c);
  return core::enum_from_name<core::Platform>(core::kPlatformNames, name);
}

std::string platform_list() {
  std::string out;
  for (std::string_view name : core::kPlatformNames) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace

RowConverter::RowConverter(CsvFormat format, ColumnMap map,
                           std::optional<core::Platform> default_platform, NumberStyle style)
    : format_(format),
      map_(std::move(map)),
      default_platform_(default_platform),
      style_(style),
      date_style_(date_style_of(format)) {}

std::string_view RowConverter::cell(std::span<const std::string_view> cells, Field field) const {
  int index = map_[field];
  if (index == ColumnMap::kAbsent || static_cast<std::size_t>(index) >= cells.size()) return {};
  return cells[static_cast<std::size_t>(index)];
}

RowKind RowConverter::classify(std::span<const std::string_view> cells) const {
  bool all_empty =
      std::all_of(cells.begin(), cells.end(), [](std::string_view c) { return trim(c).empty(); });
  if (all_empty) return RowKind::blank;
  if (format_ == CsvFormat::generic) return RowKind::data;
  if (is_total_label(cells.front()) || is_total_label(cell(cells, Field::campaign_name))) {
    return RowKind::summary;
  }
  // Meta's optional summary row names no campaign and no day, only the reporting range.
  if (format_ == CsvFormat::meta_ads && trim(cell(cells, Field::campaign_name)).empty() &&
      trim(cell(cells, Field::campaign_id)).empty() && trim(cell(cells, Field::date)).empty()) {
    return RowKind::summary;
  }
  return RowKind::data;
}

std::optional<RowProblem> RowConverter::read_date(std::span<const std::string_view> cells,
                                                  core::Date& out) const {
  bool use_range =
      format_ == CsvFormat::meta_ads &&
      (map_[Field::date] == ColumnMap::kAbsent || trim(cell(cells, Field::date)).empty()) &&
      map_[Field::reporting_starts] != ColumnMap::kAbsent &&
      map_[Field::reporting_ends] != ColumnMap::kAbsent;
  if (!use_range) {
    DateStatus status = parse_date(cell(cells, Field::date), date_style_, out);
    if (status == DateStatus::ok) return std::nullopt;
    return RowProblem{map_.label_of(Field::date),
                      describe_date_problem(status, date_style_, cell(cells, Field::date))};
  }
  // Without a Day column a Meta row is one day only when the reporting range is one day.
  core::Date ends;
  for (auto [field, date] :
       {std::pair{Field::reporting_starts, &out}, std::pair{Field::reporting_ends, &ends}}) {
    DateStatus status = parse_date(cell(cells, field), DateStyle::iso, *date);
    if (status != DateStatus::ok) {
      return RowProblem{map_.label_of(field),
                        describe_date_problem(status, DateStyle::iso, cell(cells, field))};
    }
  }
  if (out == ends) return std::nullopt;
  return RowProblem{map_.label_of(Field::reporting_starts),
                    "the row covers " + core::format_iso_date(out) + " to " +
                        core::format_iso_date(ends) +
                        ", not a single day; export with the breakdown by Day"};
}

std::optional<RowProblem> RowConverter::read_identity(std::span<const std::string_view> cells,
                                                      ParsedRow& out) const {
  out.campaign_name = trim(cell(cells, Field::campaign_name));
  if (out.campaign_name.empty()) {
    return RowProblem{map_.label_of(Field::campaign_name), "the campaign name is empty"};
  }
  out.campaign_id = trim(cell(cells, Field::campaign_id));
  if (out.campaign_id == "--" || out.campaign_id == "-") out.campaign_id = {};

  std::string_view platform = trim(cell(cells, Field::platform));
  if (!platform.empty()) {
    std::optional<core::Platform> parsed = platform_from_cell(platform);
    if (!parsed) {
      return RowProblem{map_.label_of(Field::platform),
                        quote_cell(platform) + " is not a known platform (expected one of " +
                            platform_list() + ")"};
    }
    out.platform = *parsed;
  } else if (default_platform_) {
    out.platform = *default_platform_;
  } else {
    return RowProblem{map_.label_of(Field::platform),
                      "the platform is empty and the import names no default platform"};
  }

  out.currency.reset();
  std::string_view currency = trim(cell(cells, Field::currency));
  if (!currency.empty() && currency != "--") {
    std::string code(currency);
    std::transform(code.begin(), code.end(), code.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    if (!core::is_iso4217_currency(code)) {
      return RowProblem{map_.label_of(Field::currency),
                        quote_cell(currency) + " is not an ISO 4217 currency code"};
    }
    out.currency = std::array<char, 3>{code[0], code[1], code[2]};
  } else if (const auto& header = map_.header_currency) {
    out.currency = std::array<char, 3>{(*header)[0], (*header)[1], (*header)[2]};
  }
  return std::nullopt;
}

std::optional<RowProblem> RowConverter::read_numbers(std::span<const std::string_view> cells,
                                                     ParsedRow& out) const {
  // Reads one field if its column exists; a missing value leaves `value` unset.
  auto read = [&](Field field, auto parse, auto& value) -> std::optional<RowProblem> {
    if (map_[field] == ColumnMap::kAbsent) return std::nullopt;
    std::string_view text = cell(cells, field);
    typename std::remove_reference_t<decltype(value)>::value_type parsed{};
    CellStatus status = parse(text, style_, parsed);
    if (status == CellStatus::ok) value = parsed;
    if (status == CellStatus::ok || status == CellStatus::missing) return std::nullopt;
    return RowProblem{map_.label_of(field), describe_cell_problem(status, text)};
  };
  std::optional<std::int64_t> impressions, clicks, spend, value, reach, views;
  std::optional<double> conversions, frequency;
  std::optional<RowProblem> problem;
  if ((problem = read(Field::impressions, parse_count, impressions)) ||
      (problem = read(Field::clicks, parse_count, clicks)) ||
      (problem = read(Field::spend, parse_money, spend)) ||
      (problem = read(Field::conversions, parse_real, conversions)) ||
      (problem = read(Field::conversion_value, parse_money, value)) ||
      (problem = read(Field::reach, parse_count, reach)) ||
      (problem = read(Field::frequency, parse_real, frequency)) ||
      (problem = read(Field::video_views, parse_count, views))) {
    return problem;
  }
  out.impressions = impressions.value_or(0);
  out.clicks = clicks.value_or(0);
  out.spend_micros = spend.value_or(0);
  out.conversions = conversions.value_or(0);
  out.conversion_value_micros = value.value_or(0);
  out.reach = reach;
  out.frequency = frequency;
  out.video_views = views;
  return std::nullopt;
}

std::optional<RowProblem> RowConverter::convert(std::span<const std::string_view> cells,
                                                ParsedRow& out) const {
  if (cells.size() > map_.column_count &&
      std::any_of(cells.begin() + static_cast<std::ptrdiff_t>(map_.column_count), cells.end(),
                  [](std::string_view c) { return !trim(c).empty(); })) {
    return RowProblem{"", "the row has " + std::to_string(cells.size()) +
                              " cells but the header has " + std::to_string(map_.column_count) +
                              "; a value probably contains an unquoted delimiter"};
  }
  if (auto problem = read_date(cells, out.date)) return problem;
  if (auto problem = read_identity(cells, out)) return problem;
  return read_numbers(cells, out);
}

}  // namespace connectors::csv
