// Turning the bytes of an uploaded export into UTF-8 text: byte-order marks, UTF-16 ("Excel
// .csv" from Google Ads), Windows-1252 fallback for files that are not valid UTF-8, and refusal
// of files that are not text at all (spreadsheets, PDFs, images).
// Internal to the CSV importer. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace connectors::csv {

class DecodedText {
 public:
  // UTF-8 without BOM. Points into the input when no conversion was needed, so the input must
  // outlive this object in that case.
  std::string_view text() const { return converted_ ? std::string_view(storage_) : view_; }
  const std::string& encoding() const { return encoding_; }  // "UTF-16LE", "UTF-8 with BOM", …
  // Why the bytes are not a text file; text() is empty then.
  const std::optional<std::string>& error() const { return error_; }

  friend DecodedText decode_text(std::string_view bytes);

 private:
  bool converted_ = false;
  std::string storage_;
  std::string_view view_;
  std::string encoding_;
  std::optional<std::string> error_;
};

DecodedText decode_text(std::string_view bytes);

}  // namespace connectors::csv
