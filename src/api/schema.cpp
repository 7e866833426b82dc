#include "api/schema.h"

#include <charconv>
#include <cmath>

#include "core/money.h"

namespace api::schema {
namespace {
constexpr std::int64_t kMaxMoneyMicros = 1'000'000'000LL * 1'000'000LL;

// "0", "1.5": bounds as a person writes them (no trailing ".0").
std::string number_text(double v) {
  if (std::trunc(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return nlohmann::json(v).dump();
}
}  // namespace

nlohmann::json Components::reference(const std::string& name,
                                     const std::function<nlohmann::json()>& schema) {
  if (!schemas_.contains(name)) {
    schemas_[name] = nlohmann::json::object();  // placeholder first: recursive shapes terminate
    schemas_[name] = schema();
  }
  return {{"$ref", "#/components/schemas/" + name}};
}

void throw_validation_problem(std::vector<FieldError> errors) {
  http::Problem problem;
  problem.status = 400;
  problem.title = "Invalid request";
  problem.type = "urn:strategist:problem:validation";
  problem.detail = errors.size() == 1
                       ? errors.front().field + " " + errors.front().message
                       : std::to_string(errors.size()) + " fields are invalid; see errors";
  problem.errors = std::move(errors);
  throw http::ProblemError(std::move(problem));
}

// ---- String ----
String& String::pattern(std::string regex, std::string hint) {
  regex_ = std::make_shared<const std::regex>(regex, std::regex::ECMAScript);
  pattern_ = std::move(regex);
  pattern_hint_ = std::move(hint);
  return *this;
}

bool String::parse_value(const nlohmann::json& j, std::string& out, const std::string& path,
                         std::vector<FieldError>& errors) const {
  if (!j.is_string()) {
    errors.push_back({path, "must be a string"});
    return false;
  }
  const auto& s = j.get_ref<const std::string&>();
  if (!enum_.empty()) {
    if (std::find(enum_.begin(), enum_.end(), s) == enum_.end()) {
      std::string allowed;
      for (const auto& e : enum_) allowed += (allowed.empty() ? "" : ", ") + e;
      errors.push_back({path, "must be one of: " + allowed});
      return false;
    }
  } else if (s.size() < min_ || s.size() > max_) {
    errors.push_back({path, min_ == max_ ? "must be exactly " + std::to_string(min_) + " characters"
                            : s.size() < min_
                                ? "must be at least " + std::to_string(min_) + " characters"
                                : "must be at most " + std::to_string(max_) + " characters"});
    return false;
  } else if (regex_ && !std::regex_match(s, *regex_)) {
    errors.push_back({path, "must be " + pattern_hint_});
    return false;
  }
  out = s;
  return true;
}

nlohmann::json String::describe_value(Components&) const {
  nlohmann::json s = {{"type", "string"}};
  if (!enum_.empty()) {
    s["enum"] = enum_;
    return s;
  }
  if (min_ > 0) s["minLength"] = min_;
  s["maxLength"] = max_;
  if (!pattern_.empty()) s["pattern"] = pattern_;
  if (!format_.empty()) s["format"] = format_;
  return s;
}

// ---- Integer ----
bool Integer::parse_int(const nlohmann::json& j, std::int64_t& out, const std::string& path,
                        std::vector<FieldError>& errors) const {
  if (j.is_number_integer()) {
    out = j.get<std::int64_t>();
  } else if (j.is_number_float() && std::trunc(j.get<double>()) == j.get<double>() &&
             std::fabs(j.get<double>()) < 9e15) {
    out = static_cast<std::int64_t>(j.get<double>());
  } else {
    errors.push_back({path, "must be an integer"});
    return false;
  }
  if (min_ && out < *min_) {
    errors.push_back({path, "must be at least " + std::to_string(*min_)});
    return false;
  }
  if (max_ && out > *max_) {
    errors.push_back({path, "must be at most " + std::to_string(*max_)});
    return false;
  }
  return true;
}

nlohmann::json Integer::describe_value(Components&) const {
  nlohmann::json s = {{"type", "integer"}};
  if (min_) s["minimum"] = *min_;
  if (max_) s["maximum"] = *max_;
  return s;
}

std::optional<nlohmann::json> Integer::coerce_text(std::string_view text) const {
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return nlohmann::json(v);
}

// ---- Number ----
bool Number::parse_value(const nlohmann::json& j, double& out, const std::string& path,
                         std::vector<FieldError>& errors) const {
  if (!j.is_number()) {
    errors.push_back({path, "must be a number"});
    return false;
  }
  double v = j.get<double>();
  if (!std::isfinite(v)) {
    errors.push_back({path, "must be a finite number"});
    return false;
  }
  if (min_ && v < *min_) {
    errors.push_back({path, "must be at least " + number_text(*min_)});
    return false;
  }
  if (exclusive_min_ && v <= *exclusive_min_) {
    errors.push_back({path, "must be greater than " + number_text(*exclusive_min_)});
    return false;
  }
  if (max_ && v > *max_) {
    errors.push_back({path, "must be at most " + number_text(*max_)});
    return false;
  }
  out = v;
  return true;
}

nlohmann::json Number::describe_value(Components&) const {
  nlohmann::json s = {{"type", "number"}};
  if (min_) s["minimum"] = *min_;
  if (exclusive_min_) s["exclusiveMinimum"] = *exclusive_min_;
  if (max_) s["maximum"] = *max_;
  return s;
}

std::optional<nlohmann::json> Number::coerce_text(std::string_view text) const {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return nlohmann::json(v);
}

// ---- Boolean ----
bool Boolean::parse_value(const nlohmann::json& j, bool& out, const std::string& path,
                          std::vector<FieldError>& errors) const {
  if (!j.is_boolean()) {
    errors.push_back({path, "must be true or false"});
    return false;
  }
  out = j.get<bool>();
  return true;
}

std::optional<nlohmann::json> Boolean::coerce_text(std::string_view text) const {
  if (text == "true" || text == "1") return nlohmann::json(true);
  if (text == "false" || text == "0") return nlohmann::json(false);
  return std::nullopt;
}

// ---- Money ----
bool Money::parse_value(const nlohmann::json& j, std::int64_t& out_micros,
                        const std::string& path, std::vector<FieldError>& errors) const {
  std::optional<std::int64_t> micros;
  if (j.is_number()) {
    micros = core::micros_from_double(j.get<double>());
  } else if (j.is_string()) {
    micros = core::parse_decimal_micros(j.get_ref<const std::string&>());
  } else {
    errors.push_back({path, "must be an amount (a number in currency units)"});
    return false;
  }
  // A billion currency units per value keeps sums over years of daily rows far from overflow.
  if (!micros || std::llabs(*micros) > kMaxMoneyMicros) {
    errors.push_back({path, "must be an amount of at most 1,000,000,000 currency units"});
    return false;
  }
  if (positive_ && *micros <= 0) {
    errors.push_back({path, "must be greater than 0"});
    return false;
  }
  if (min_ && static_cast<double>(*micros) < *min_ * 1e6) {
    errors.push_back({path, "must be at least " + number_text(*min_)});
    return false;
  }
  out_micros = *micros;
  return true;
}

nlohmann::json Money::render_value(std::int64_t micros) const {
  // Exact decimal text → double: the nearest double to the 6-decimal value.
  return std::stod(core::format_micros(micros, 6));
}

nlohmann::json Money::describe_value(Components&) const {
  nlohmann::json s = {{"type", "number"}, {"description", "amount in the client's currency"}};
  if (positive_) s["exclusiveMinimum"] = 0;
  else if (min_) s["minimum"] = *min_;
  return s;
}

std::optional<nlohmann::json> Money::coerce_text(std::string_view text) const {
  return nlohmann::json(std::string(text));
}

// ---- Date ----
bool Date::parse_value(const nlohmann::json& j, core::Date& out, const std::string& path,
                       std::vector<FieldError>& errors) const {
  if (!j.is_string()) {
    errors.push_back({path, "must be a date string YYYY-MM-DD"});
    return false;
  }
  auto d = core::parse_iso_date(j.get_ref<const std::string&>());
  if (!d) {
    errors.push_back({path, "must be a real date as YYYY-MM-DD"});
    return false;
  }
  out = *d;
  return true;
}

// ---- JsonObject ----
namespace {
// Whether `j` nests deeper than `limit` levels, found without recursion: copying and dumping a
// json value recurse once per level, so a hostile body nested 100 000 deep would overflow the
// worker's stack and crash the process.
bool nests_deeper_than(const nlohmann::json& j, std::size_t limit) {
  std::vector<std::pair<const nlohmann::json*, std::size_t>> pending{{&j, 1}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > limit) return true;
    if (node->is_structured()) {
      for (const auto& child : *node) pending.emplace_back(&child, depth + 1);
    }
  }
  return false;
}
}  // namespace

bool JsonObject::parse_value(const nlohmann::json& j, nlohmann::json& out,
                             const std::string& path, std::vector<FieldError>& errors) const {
  if (!j.is_object()) {
    errors.push_back({path, "must be a JSON object"});
    return false;
  }
  constexpr std::size_t kMaxDepth = 32;
  if (nests_deeper_than(j, kMaxDepth)) {
    errors.push_back({path, "must nest at most " + std::to_string(kMaxDepth) + " levels"});
    return false;
  }
  if (j.dump().size() > max_bytes_) {
    errors.push_back({path, "must be at most " + std::to_string(max_bytes_) + " bytes"});
    return false;
  }
  out = j;
  return true;
}

}  // namespace api::schema
