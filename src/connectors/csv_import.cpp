#include "connectors/csv_import.h"

#include <memory>
#include <utility>
#include <vector>

#include "connectors/csv/aggregator.h"
#include "connectors/csv/columns.h"
#include "connectors/csv/header_layout.h"
#include "connectors/csv/row_converter.h"
#include "connectors/csv/row_reader.h"
#include "connectors/csv/text_decoding.h"

namespace connectors {
namespace {

std::optional<core::Platform> platform_of(CsvFormat format) {
  switch (format) {
    case CsvFormat::google_ads: return core::Platform::google_ads;
    case CsvFormat::meta_ads: return core::Platform::meta_ads;
    case CsvFormat::linkedin_ads: return core::Platform::linkedin_ads;
    case CsvFormat::tiktok_ads: return core::Platform::tiktok_ads;
    case CsvFormat::generic:
    case CsvFormat::auto_detect: break;
  }
  return std::nullopt;
}

std::string delimiter_name(char delimiter) {
  switch (delimiter) {
    case '\t': return "tab";
    case ';': return "semicolon";
    default: return "comma";
  }
}

// Receives the header row, then the data rows, from the row reader.
class Importer final : public csv::RowHandler {
 public:
  Importer(const CsvImportOptions& options, CsvImportResult& result, csv::NumberStyle style)
      : options_(options), result_(result), style_(style) {}

  bool on_row(const csv::RowView& row) override {
    if (!converter_) return take_header(row);
    switch (converter_->classify(row.cells)) {
      case csv::RowKind::blank: return true;
      case csv::RowKind::summary: ++summary_rows_; return true;
      case csv::RowKind::data: break;
    }
    ++result_.rows_read;
    csv::ParsedRow parsed;
    std::optional<csv::RowProblem> problem = converter_->convert(row.cells, parsed);
    if (!problem) {
      problem =
          aggregator_.add(parsed, row.line, converter_->columns().label_of(csv::Field::currency));
    }
    if (problem) reject(row.line, std::move(*problem));
    return true;
  }

  void finish() {
    if (summary_rows_ > 0) {
      result_.column_mapping_notes.push_back("skipped " + std::to_string(summary_rows_) +
                                             " total/summary row(s)");
    }
    result_.records = std::move(aggregator_).finish();
  }

 private:
  bool take_header(const csv::RowView& row) {
    std::vector<csv::HeaderName> names;
    for (std::string_view cell : row.cells) names.push_back(csv::normalize_header(cell));
    CsvFormat format = options_.format;
    bool detected = format == CsvFormat::auto_detect;
    if (detected) format = csv::detect_format(names);
    result_.detected_format = format;
    result_.column_mapping_notes.push_back(
        "format " + std::string(csv_format_name(format)) +
        (detected ? " (detected from the header)" : " (as requested)"));

    csv::ColumnMapping mapping = csv::map_columns(format, row.cells);
    // The mapping notes come first: with a fatal error they show what the header did contain.
    for (std::string& note : mapping.notes) result_.column_mapping_notes.push_back(std::move(note));
    if (mapping.fatal_error) return fail(std::move(*mapping.fatal_error));
    if (const auto& currency = mapping.map.header_currency) {
      result_.column_mapping_notes.push_back("currency " + *currency + " from the column header");
    }
    std::optional<core::Platform> platform = choose_platform(format, mapping.map);
    if (!platform && mapping.map[csv::Field::platform] == csv::ColumnMap::kAbsent) {
      return fail(
          "a generic file needs a platform: add a 'platform' column (one of google_ads, "
          "meta_ads, linkedin_ads, tiktok_ads, youtube_ads, email) or name the platform "
          "of the import");
    }
    converter_ =
        std::make_unique<csv::RowConverter>(format, std::move(mapping.map), platform, style_);
    return true;
  }

  // The platform every row gets (generic: the default for empty platform cells).
  std::optional<core::Platform> choose_platform(CsvFormat format, const csv::ColumnMap& map) {
    std::optional<core::Platform> implied = platform_of(format);
    std::optional<core::Platform> asked = options_.platform;
    auto& notes = result_.column_mapping_notes;
    if (!implied) {
      bool has_column = map[csv::Field::platform] != csv::ColumnMap::kAbsent;
      if (asked) {
        notes.push_back("platform " + std::string(core::platform_name(*asked)) +
                        (has_column ? " where the platform cell is empty" : ""));
      }
      return asked;
    }
    if (asked == core::Platform::youtube_ads && implied == core::Platform::google_ads) {
      implied = asked;
    } else if (asked && asked != implied) {
      notes.push_back("platform option " + std::string(core::platform_name(*asked)) +
                      " ignored: the file is a " + std::string(csv_format_name(format)) +
                      " export");
    }
    notes.push_back("platform " + std::string(core::platform_name(*implied)));
    return implied;
  }

  bool fail(std::string message) {
    result_.fatal_error = std::move(message);
    return false;
  }

  void reject(std::size_t line, csv::RowProblem problem) {
    ++result_.rows_rejected;
    if (result_.rejections.size() < options_.max_rejections) {
      result_.rejections.push_back({line, std::move(problem.column), std::move(problem.reason)});
    }
  }

  const CsvImportOptions& options_;
  CsvImportResult& result_;
  csv::NumberStyle style_;
  std::unique_ptr<csv::RowConverter> converter_;
  csv::Aggregator aggregator_;
  std::size_t summary_rows_ = 0;
};

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f") == std::string_view::npos;
}

CsvImportResult fatal(CsvImportResult result, std::string message) {
  result.fatal_error = std::move(message);
  result.records.clear();
  return result;
}

}  // namespace

std::string_view csv_format_name(CsvFormat format) {
  return kCsvFormatNames[static_cast<int>(format)];
}

std::string describe(const CsvRejection& rejection) {
  std::string out = "line " + std::to_string(rejection.line);
  if (!rejection.column.empty()) out += ", " + rejection.column;
  return out + ": " + rejection.reason;
}

CsvImportResult parse_metrics_csv(std::string_view content, const CsvImportOptions& options) {
  CsvImportResult result;
  result.detected_format = options.format;
  if (content.empty()) return fatal(std::move(result), "the file is empty");
  csv::DecodedText decoded = csv::decode_text(content);
  if (decoded.error()) return fatal(std::move(result), *decoded.error());
  std::string_view text = decoded.text();
  if (is_blank(text)) return fatal(std::move(result), "the file is empty");

  std::optional<csv::HeaderLocation> header = csv::locate_header(text);
  if (!header) {
    return fatal(std::move(result),
                 "no header row found in the first " + std::to_string(csv::kHeaderSearchLines) +
                     " lines: expected column names such as date, campaign_name and "
                     "impressions (see docs/csv-import.md)");
  }
  result.column_mapping_notes.push_back(
      "read as " + decoded.encoding() + ", " + delimiter_name(header->delimiter) +
      "-delimited, header on line " + std::to_string(header->line));

  auto style =
      header->delimiter == ';' ? csv::NumberStyle::decimal_comma : csv::NumberStyle::decimal_point;
  Importer importer(options, result, style);
  std::optional<csv::ReadFailure> failure =
      csv::read_rows(text.substr(header->offset), header->delimiter, header->line, importer);
  if (result.fatal_error) {
    std::string message = *result.fatal_error;
    return fatal(std::move(result), std::move(message));
  }
  if (failure) {
    return fatal(std::move(result),
                 "line " + std::to_string(failure->line) + ": " + failure->message);
  }
  importer.finish();
  return result;
}

}  // namespace connectors
