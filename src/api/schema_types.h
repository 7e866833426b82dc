// The field types a schema::Object is made of. Each type parses a JSON value into a C++ value
// (reporting what was wrong under the field's path), renders it back, and describes itself as
// JSON Schema. Query parameters arrive as text: coerce_text turns that text into the JSON value
// the type expects (or nullopt, so parsing reports the type error).
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/date.h"
#include "http/problem.h"

namespace api::schema {

using FieldError = http::FieldError;
class Components;

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> inline constexpr bool is_optional_v = is_optional<T>::value;

class String {
 public:
  using value_type = std::string;
  String& min_length(std::size_t n) { min_ = n; return *this; }
  String& max_length(std::size_t n) { max_ = n; return *this; }
  // An ECMAScript regex the whole value must match; `hint` says in words what it means.
  String& pattern(std::string regex, std::string hint);
  String& one_of(std::vector<std::string> values) { enum_ = std::move(values); return *this; }
  String& format(std::string f) { format_ = std::move(f); return *this; }

  bool parse_value(const nlohmann::json& j, std::string& out, const std::string& path,
                   std::vector<FieldError>& errors) const;
  nlohmann::json render_value(const std::string& v) const { return v; }
  nlohmann::json describe_value(Components&) const;
  std::optional<nlohmann::json> coerce_text(std::string_view text) const {
    return nlohmann::json(std::string(text));
  }

 private:
  std::size_t min_ = 0, max_ = 10'000;
  std::shared_ptr<const std::regex> regex_;
  std::string pattern_, pattern_hint_, format_;
  std::vector<std::string> enum_;
};

class Integer {
 public:
  using value_type = std::int64_t;
  Integer& min(std::int64_t v) { min_ = v; return *this; }
  Integer& max(std::int64_t v) { max_ = v; return *this; }
  template <class I>
  bool parse_value(const nlohmann::json& j, I& out, const std::string& path,
                   std::vector<FieldError>& errors) const {
    std::int64_t v = 0;
    if (!parse_int(j, v, path, errors)) return false;
    out = static_cast<I>(v);
    return true;
  }
  template <class I> nlohmann::json render_value(I v) const { return static_cast<std::int64_t>(v); }
  nlohmann::json describe_value(Components&) const;
  std::optional<nlohmann::json> coerce_text(std::string_view text) const;

 private:
  bool parse_int(const nlohmann::json& j, std::int64_t& out, const std::string& path,
                 std::vector<FieldError>& errors) const;
  std::optional<std::int64_t> min_, max_;
};

class Number {
 public:
  using value_type = double;
  Number& min(double v) { min_ = v; return *this; }
  Number& max(double v) { max_ = v; return *this; }
  Number& exclusive_min(double v) { exclusive_min_ = v; return *this; }
  bool parse_value(const nlohmann::json& j, double& out, const std::string& path,
                   std::vector<FieldError>& errors) const;
  nlohmann::json render_value(double v) const { return v; }
  nlohmann::json describe_value(Components&) const;
  std::optional<nlohmann::json> coerce_text(std::string_view text) const;

 private:
  std::optional<double> min_, max_, exclusive_min_;
};

class Boolean {
 public:
  using value_type = bool;
  bool parse_value(const nlohmann::json& j, bool& out, const std::string& path,
                   std::vector<FieldError>& errors) const;
  nlohmann::json render_value(bool v) const { return v; }
  nlohmann::json describe_value(Components&) const { return {{"type", "boolean"}}; }
  std::optional<nlohmann::json> coerce_text(std::string_view text) const;
};

// An amount of money in major units on the wire (15000, 118.43), integer micros in C++.
class Money {
 public:
  using value_type = std::int64_t;
  Money& min(double v) { min_ = v; return *this; }
  Money& positive() { positive_ = true; return *this; }
  bool parse_value(const nlohmann::json& j, std::int64_t& out_micros, const std::string& path,
                   std::vector<FieldError>& errors) const;
  nlohmann::json render_value(std::int64_t micros) const;
  nlohmann::json describe_value(Components&) const;
  std::optional<nlohmann::json> coerce_text(std::string_view text) const;

 private:
  std::optional<double> min_ = 0.0;
  bool positive_ = false;
};

// A calendar date as "YYYY-MM-DD".
class Date {
 public:
  using value_type = core::Date;
  bool parse_value(const nlohmann::json& j, core::Date& out, const std::string& path,
                   std::vector<FieldError>& errors) const;
  nlohmann::json render_value(core::Date d) const { return core::format_iso_date(d); }
  nlohmann::json describe_value(Components&) const {
    return {{"type", "string"}, {"format", "date"}};
  }
  std::optional<nlohmann::json> coerce_text(std::string_view text) const {
    return nlohmann::json(std::string(text));
  }
};

// A timestamp rendered as RFC 3339 text (read-only in practice).
class Timestamp : public String {
 public:
  Timestamp() { format("date-time"); }
};

// Any JSON object (free-form, e.g. targeting), bounded in size.
class JsonObject {
 public:
  using value_type = nlohmann::json;
  JsonObject& max_bytes(std::size_t n) { max_bytes_ = n; return *this; }
  bool parse_value(const nlohmann::json& j, nlohmann::json& out, const std::string& path,
                   std::vector<FieldError>& errors) const;
  nlohmann::json render_value(const nlohmann::json& v) const { return v; }
  nlohmann::json describe_value(Components&) const {
    return {{"type", "object"}, {"additionalProperties", true}};
  }
  std::optional<nlohmann::json> coerce_text(std::string_view) const { return std::nullopt; }

 private:
  std::size_t max_bytes_ = 64 * 1024;
};

// An enum class spelled as one of `names` on the wire (names[i] is the enumerator with value i).
template <class E, std::size_t N>
class Enum {
 public:
  using value_type = E;
  explicit Enum(const std::array<std::string_view, N>& names) : names_(names) {}
  bool parse_value(const nlohmann::json& j, E& out, const std::string& path,
                   std::vector<FieldError>& errors) const {
    if (j.is_string()) {
      const auto& s = j.get_ref<const std::string&>();
      for (std::size_t i = 0; i < N; ++i) {
        if (names_[i] == s) {
          out = static_cast<E>(i);
          return true;
        }
      }
    }
    std::string allowed;
    for (auto n : names_) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    errors.push_back({path, "must be one of: " + allowed});
    return false;
  }
  nlohmann::json render_value(E v) const {
    return std::string(names_[static_cast<std::size_t>(v)]);
  }
  nlohmann::json describe_value(Components&) const {
    nlohmann::json values = nlohmann::json::array();
    for (auto n : names_) values.push_back(std::string(n));
    return {{"type", "string"}, {"enum", values}};
  }
  std::optional<nlohmann::json> coerce_text(std::string_view text) const {
    return nlohmann::json(std::string(text));
  }

 private:
  std::array<std::string_view, N> names_;
};

// A JSON object kept as its text in C++ (as the store holds it).
class JsonText {
 public:
  using value_type = std::string;
  bool parse_value(const nlohmann::json& j, std::string& out, const std::string& path,
                   std::vector<FieldError>& errors) const {
    nlohmann::json parsed;
    if (!JsonObject().parse_value(j, parsed, path, errors)) return false;
    out = parsed.dump();
    return true;
  }
  nlohmann::json render_value(const std::string& text) const {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    return parsed.is_discarded() ? nlohmann::json::object() : parsed;
  }
  nlohmann::json describe_value(Components&) const {
    return {{"type", "object"}, {"additionalProperties", true}};
  }
  std::optional<nlohmann::json> coerce_text(std::string_view) const { return std::nullopt; }
};

// A list whose items all follow `Item`.
template <class Item>
class Array {
 public:
  using value_type = std::vector<typename Item::value_type>;
  explicit Array(Item item) : item_(std::move(item)) {}
  Array& min_items(std::size_t n) { min_ = n; return *this; }
  Array& max_items(std::size_t n) { max_ = n; return *this; }
  Array& unique() { unique_ = true; return *this; }

  bool parse_value(const nlohmann::json& j, value_type& out, const std::string& path,
                   std::vector<FieldError>& errors) const {
    if (!j.is_array()) {
      errors.push_back({path, "must be an array"});
      return false;
    }
    if (j.size() < min_ || j.size() > max_) {
      errors.push_back({path, "must have between " + std::to_string(min_) + " and " +
                                  std::to_string(max_) + " items"});
      return false;
    }
    std::size_t before = errors.size();
    out.clear();
    out.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
      typename Item::value_type v{};
      if (item_.parse_value(j[i], v, path + "[" + std::to_string(i) + "]", errors)) {
        if constexpr (std::equality_comparable<typename Item::value_type>) {
          if (unique_ && std::find(out.begin(), out.end(), v) != out.end()) {
            errors.push_back({path + "[" + std::to_string(i) + "]", "is a duplicate"});
          }
        }
        out.push_back(std::move(v));
      }
    }
    return errors.size() == before;
  }
  nlohmann::json render_value(const value_type& values) const {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : values) out.push_back(item_.render_value(v));
    return out;
  }
  nlohmann::json describe_value(Components& c) const {
    nlohmann::json s = {{"type", "array"}, {"items", item_.describe_value(c)}};
    if (min_ > 0) s["minItems"] = min_;
    if (max_ < 100'000) s["maxItems"] = max_;
    if (unique_) s["uniqueItems"] = true;
    return s;
  }
  // Query text "a,b,c" becomes ["a","b","c"], each item coerced by Item.
  std::optional<nlohmann::json> coerce_text(std::string_view text) const {
    nlohmann::json out = nlohmann::json::array();
    while (!text.empty()) {
      auto comma = text.find(',');
      auto part = text.substr(0, comma);
      auto item = item_.coerce_text(part);
      out.push_back(item ? *item : nlohmann::json(std::string(part)));
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return out;
  }

 private:
  Item item_;
  std::size_t min_ = 0, max_ = 100'000;
  bool unique_ = false;
};

}  // namespace api::schema
