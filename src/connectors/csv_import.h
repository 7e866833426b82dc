// CSV import of daily campaign metrics: turns the report exports of the ad platforms' own UIs
// (Google Ads, Meta Ads Manager, LinkedIn Campaign Manager, TikTok Ads Manager) and our generic
// CSV layout into normalized campaign-day records, with a rejection for every row that cannot be
// used. The accepted layouts, number and date rules are specified in docs/csv-import.md.
//
// Pure domain code: no I/O, no database, no clock. parse_metrics_csv() is a pure function of its
// arguments and safe to call from several threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/marketing.h"

namespace connectors {

enum class CsvFormat { auto_detect, google_ads, meta_ads, linkedin_ads, tiktok_ads, generic };
inline constexpr std::array<std::string_view, 6> kCsvFormatNames = {
    "auto_detect", "google_ads", "meta_ads", "linkedin_ads", "tiktok_ads", "generic"};

// API spelling of a format ("auto_detect", "google_ads", …, "generic").
std::string_view csv_format_name(CsvFormat format);

struct CsvImportOptions {
  // auto_detect recognizes the layout from the header row; any other value forces it.
  CsvFormat format = CsvFormat::auto_detect;
  // Required for generic files without a platform column (else the import is fatal); for generic
  // files with one, the value used where a row's platform cell is empty. For platform exports
  // the format decides, except that youtube_ads is honoured for Google Ads exports (YouTube has
  // no export of its own); any other disagreement is ignored and noted.
  std::optional<core::Platform> platform;
  // Rejections beyond this many are still counted in rows_rejected but not listed.
  std::size_t max_rejections = 1000;
};

// One campaign-day: the counters are sums over every source row of that campaign and day
// (Meta exports one row per age × gender × ad per day, for example).
struct MetricRecord {
  std::size_t first_line = 0;  // 1-based physical line where the first source row starts
  core::Platform platform = core::Platform::google_ads;
  std::string campaign_external_id;     // platform campaign id when the file has one, else empty
  std::string campaign_name;            // always set (a row without one is rejected)
  std::optional<std::string> currency;  // ISO 4217 code when the file states it
  core::Date date;
  std::int64_t impressions = 0;
  std::int64_t clicks = 0;
  std::int64_t spend_micros = 0;
  std::int64_t conversion_value_micros = 0;
  double conversions = 0;  // fractional for Google Ads (data-driven attribution)
  // Reach of disjoint breakdown rows is summed; frequency is impressions / reach when both are
  // known, else the file's own value when the record comes from a single row, else empty.
  std::optional<std::int64_t> reach;
  std::optional<std::int64_t> video_views;
  std::optional<double> frequency;
};

struct CsvRejection {
  std::size_t line = 0;  // 1-based physical line where the rejected row starts
  std::string column;    // the file's own header text of the offending column; may be empty
  std::string reason;    // for a person: "'abc' is not a number"
};

// "line 7, spend: 'abc' is not a number" — the rejection as one sentence.
std::string describe(const CsvRejection& rejection);

struct CsvImportResult {
  CsvFormat detected_format = CsvFormat::auto_detect;  // the layout used (forced or detected)
  std::size_t rows_read = 0;      // data rows seen (not header, metadata, blank or total rows)
  std::size_t rows_rejected = 0;  // of rows_read
  // One record per (platform, campaign id — or name when the file has no id —, date), in the
  // order of their first source row.
  std::vector<MetricRecord> records;
  std::vector<CsvRejection> rejections;  // the first max_rejections, in line order
  // Set when the file as a whole is unusable: empty, not text, no header row, a required column
  // missing, broken quoting, a generic file without a platform. records is then empty.
  std::optional<std::string> fatal_error;
  // How the file was read, for the API's answer: format and header line, which source column
  // fed which field, columns ignored.
  std::vector<std::string> column_mapping_notes;
};

// Parses a whole CSV export held in memory. Never throws for bad input: every problem is
// reported in the result. Accepts UTF-8 with or without BOM and UTF-16LE/BE (with BOM, or
// recognizable without), ',', '\t' or ';' delimiters and CRLF, LF or CR line ends.
CsvImportResult parse_metrics_csv(std::string_view content, const CsvImportOptions& options);

}  // namespace connectors
