#include "connectors/csv/text_decoding.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace connectors::csv {
namespace {

std::uint8_t byte(std::string_view bytes, std::size_t i) {
  return static_cast<std::uint8_t>(bytes[i]);
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// UTF-16 code units to UTF-8; unpaired surrogates become U+FFFD, an odd last byte is dropped.
std::string utf16_to_utf8(std::string_view bytes, bool little_endian) {
  std::string out;
  out.reserve(bytes.size() / 2 + bytes.size() / 8);
  auto unit = [&](std::size_t i) -> std::uint32_t {
    return little_endian ? byte(bytes, i) | (byte(bytes, i + 1) << 8)
                         : (byte(bytes, i) << 8) | byte(bytes, i + 1);
  };
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    std::uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < bytes.size()) {
      std::uint32_t low = unit(i + 2);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
  }
  return out;
}

// Length of the valid UTF-8 sequence at `i`, 0 when invalid (overlong, surrogate, truncated).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  std::uint8_t lead = byte(text, i);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(text, i + k) & 0xC0) != 0x80) return 0;
  }
  std::uint8_t second = byte(text, i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
  if (lead == 0xED && second > 0x9F) return 0;  // surrogate
  if (lead == 0xF0 && second < 0x90) return 0;  // overlong
  if (lead == 0xF4 && second > 0x8F) return 0;  // beyond U+10FFFF
  return length;
}

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    // ASCII fast path, eight bytes at a time.
    if (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (byte(text, i) < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// Windows-1252 (what Excel on Windows writes as "CSV") to UTF-8. The five unassigned bytes map
// to the C1 controls of the same value, as browsers do.
std::string windows1252_to_utf8(std::string_view bytes) {
  static constexpr std::array<std::uint16_t, 32> kHigh = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    auto b = static_cast<std::uint8_t>(c);
    if (b < 0x80) {
      out += c;
    } else {
      append_utf8(out, b < 0xA0 ? kHigh[b - 0x80] : b);
    }
  }
  return out;
}

// Office documents and PDFs are the usual wrong uploads: name them.
std::optional<std::string> known_binary_format(std::string_view bytes) {
  if (bytes.starts_with("PK\x03\x04")) {
    return "the file is a zip archive (an .xlsx workbook?), not CSV text; export the report as CSV";
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return "the file is an .xls workbook, not CSV text; export the report as CSV";
  }
  if (bytes.starts_with("%PDF")) return "the file is a PDF, not CSV text; export the report as CSV";
  return std::nullopt;
}

// Text has no NUL bytes and almost no other control characters.
bool looks_like_text(std::string_view text) {
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) return false;
  std::string_view sample = text.substr(0, 8192);
  std::size_t controls = std::count_if(sample.begin(), sample.end(), [](char c) {
    auto b = static_cast<std::uint8_t>(c);
    return b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1A;
  });
  return controls * 50 <= sample.size();
}

}  // namespace

DecodedText decode_text(std::string_view bytes) {
  DecodedText result;
  if (auto error = known_binary_format(bytes)) {
    result.error_ = std::move(error);
    return result;
  }
  bool le_bom = bytes.starts_with("\xFF\xFE");
  bool be_bom = bytes.starts_with("\xFE\xFF");
  bool le_bare = !le_bom && !be_bom && bytes.size() >= 4 && bytes[0] != 0 && bytes[1] == 0 &&
                 bytes[2] != 0 && bytes[3] == 0;
  bool be_bare = !le_bom && !be_bom && bytes.size() >= 4 && bytes[0] == 0 && bytes[1] != 0 &&
                 bytes[2] == 0 && bytes[3] != 0;
  if (le_bom || be_bom || le_bare || be_bare) {
    bool little = le_bom || le_bare;
    result.converted_ = true;
    result.storage_ = utf16_to_utf8(bytes.substr(le_bom || be_bom ? 2 : 0), little);
    result.encoding_ = little ? "UTF-16LE" : "UTF-16BE";
  } else if (bytes.starts_with("\xEF\xBB\xBF")) {
    result.view_ = bytes.substr(3);
    result.encoding_ = "UTF-8 with BOM";
  } else {
    result.view_ = bytes;
    result.encoding_ = "UTF-8";
  }
  if (!looks_like_text(result.text())) {
    result.converted_ = false;
    result.view_ = {};
    result.error_ = "the file is not text (it contains binary data); upload a CSV export";
    return result;
  }
  if (!result.converted_ && !is_valid_utf8(result.view_)) {
    result.converted_ = true;
    result.storage_ = windows1252_to_utf8(result.view_);
    result.encoding_ = "Windows-1252";
  }
  return result;
}

}  // namespace connectors::csv
