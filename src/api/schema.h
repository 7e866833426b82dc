// Request and response shapes, declared once.
//
// A schema::Object<T> lists T's fields with their JSON names, types and constraints. From that one
// declaration come: parsing a JSON body into T (every violation reported with the field's path,
// unknown fields rejected), rendering T as JSON, and T's JSON Schema for the OpenAPI document —
// so /docs can never drift from what the server accepts.
//
//   const auto& client_create = schema::Object<ClientCreate>("ClientCreate")
//       .optional("id", &ClientCreate::id, schema::String().pattern(kSlug).max_length(64))
//       .required("name", &ClientCreate::name, schema::String().min_length(1).max_length(200));
//
// Objects are built once (function-local statics) and are then immutable and thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "api/schema_types.h"

namespace api::schema {

// Named object schemas collected while building the OpenAPI document.
class Components {
 public:
  // Adds `schema` under `name` (first one wins) and returns a $ref to it.
  nlohmann::json reference(const std::string& name, const std::function<nlohmann::json()>& schema);
  const nlohmann::json& schemas() const { return schemas_; }

 private:
  nlohmann::json schemas_ = nlohmann::json::object();
};

template <class T>
class Object {
 public:
  using value_type = T;
  explicit Object(std::string name, std::string description = {})
      : name_(std::move(name)), description_(std::move(description)) {}

  // A field that must be present (and not null).
  template <class M, class Spec>
  Object& required(std::string name, M T::*member, Spec spec, std::string description = {}) {
    return add(std::move(name), member, std::move(spec), true, std::move(description));
  }
  // A field that may be absent or null: a std::optional member becomes nullopt, any other
  // member keeps the value it was default-constructed with.
  template <class M, class Spec>
  Object& optional(std::string name, M T::*member, Spec spec, std::string description = {}) {
    return add(std::move(name), member, std::move(spec), false, std::move(description));
  }
  // A field written in responses only (ignored and rejected as unknown on input).
  template <class M, class Spec>
  Object& output(std::string name, M T::*member, Spec spec, std::string description = {}) {
    Field f = make_field(std::move(name), member, std::move(spec), false, std::move(description));
    f.output_only = true;
    fields_.push_back(std::move(f));
    return *this;
  }

  // Parses `json` into `out`. Returns false and appends to `errors` (paths prefixed by `path`)
  // on any violation; `out` is then partially filled and must not be used.
  bool parse(const nlohmann::json& json, T& out, const std::string& path,
             std::vector<FieldError>& errors) const {
    if (!json.is_object()) {
      errors.push_back({path.empty() ? "body" : path, "must be a JSON object"});
      return false;
    }
    std::size_t before = errors.size();
    for (const auto& [key, value] : json.items()) {
      if (!find_input(key)) errors.push_back({join(path, key), "unknown field"});
    }
    for (const Field& f : fields_) {
      if (f.output_only) continue;
      auto it = json.find(f.name);
      bool present = it != json.end() && !it->is_null();
      if (!present) {
        if (f.required) errors.push_back({join(path, f.name), "is required"});
        else f.reset(out);
        continue;
      }
      f.parse(*it, out, join(path, f.name), errors);
    }
    return errors.size() == before;
  }

  // Renders `value`; unset optionals are written as null so every documented field is present.
  nlohmann::json render(const T& value) const {
    nlohmann::json out = nlohmann::json::object();
    for (const Field& f : fields_) out[f.name] = f.render(value);
    return out;
  }

  // A $ref to this object's schema, registering it (and what it nests) in `components`.
  nlohmann::json describe(Components& components) const {
    return components.reference(name_, [&] { return json_schema(components); });
  }

  nlohmann::json json_schema(Components& components) const {
    nlohmann::json properties = nlohmann::json::object();
    nlohmann::json required = nlohmann::json::array();
    for (const Field& f : fields_) {
      nlohmann::json s = f.describe(components);
      if (!f.description.empty()) s["description"] = f.description;
      if (f.output_only) s["readOnly"] = true;
      properties[f.name] = std::move(s);
      if (f.required) required.push_back(f.name);
    }
    nlohmann::json schema = {{"type", "object"},
                             {"properties", properties},
                             {"additionalProperties", false}};
    if (!required.empty()) schema["required"] = required;
    if (!description_.empty()) schema["description"] = description_;
    return schema;
  }

  // Parses query parameters (text) into `out`, coercing each value to its field's type.
  // Unknown parameters and repeated ones are errors, like unknown body fields.
  bool parse_query(const std::multimap<std::string, std::string>& query, T& out,
                   std::vector<FieldError>& errors) const {
    nlohmann::json json = nlohmann::json::object();
    std::size_t before = errors.size();
    for (const auto& [key, text] : query) {
      const Field* f = find_input(key);
      if (!f) {
        errors.push_back({key, "unknown query parameter"});
      } else if (json.contains(key)) {
        errors.push_back({key, "must be given once"});
      } else {
        auto value = f->coerce(text);
        json[key] = value ? *value : nlohmann::json(text);
      }
    }
    if (errors.size() != before) return false;
    return parse(json, out, "", errors);
  }

  // The OpenAPI "parameters" list for these fields as query parameters.
  nlohmann::json describe_query(Components& components) const {
    nlohmann::json params = nlohmann::json::array();
    for (const Field& f : fields_) {
      if (f.output_only) continue;
      nlohmann::json p = {{"name", f.name}, {"in", "query"}, {"required", f.required},
                          {"schema", f.describe(components)}};
      if (!f.description.empty()) p["description"] = f.description;
      params.push_back(std::move(p));
    }
    return params;
  }

  const std::string& name() const { return name_; }

  // Spec interface, so an Object can be nested as a field of another Object.
  bool parse_value(const nlohmann::json& json, T& out, const std::string& path,
                   std::vector<FieldError>& errors) const {
    return parse(json, out, path, errors);
  }
  nlohmann::json render_value(const T& value) const { return render(value); }
  nlohmann::json describe_value(Components& components) const { return describe(components); }
  std::optional<nlohmann::json> coerce_text(std::string_view) const { return std::nullopt; }

 private:
  struct Field {
    std::string name;
    std::string description;
    bool required = false;
    bool output_only = false;
    std::function<void(const nlohmann::json&, T&, const std::string&, std::vector<FieldError>&)>
        parse;
    std::function<void(T&)> reset;
    std::function<nlohmann::json(const T&)> render;
    std::function<nlohmann::json(Components&)> describe;
    std::function<std::optional<nlohmann::json>(std::string_view)> coerce;
  };

  template <class M, class Spec>
  static Field make_field(std::string name, M T::*member, Spec spec, bool required,
                          std::string description) {
    Field f;
    f.name = std::move(name);
    f.description = std::move(description);
    f.required = required;
    f.coerce = [spec](std::string_view text) { return spec.coerce_text(text); };
    if constexpr (is_optional_v<M>) {
      f.parse = [member, spec](const nlohmann::json& j, T& out, const std::string& path,
                               std::vector<FieldError>& errors) {
        typename M::value_type value{};
        if (spec.parse_value(j, value, path, errors)) out.*member = std::move(value);
      };
      f.reset = [member](T& out) { out.*member = std::nullopt; };
      f.render = [member, spec](const T& v) {
        return (v.*member) ? spec.render_value(*(v.*member)) : nlohmann::json(nullptr);
      };
      f.describe = [spec](Components& c) {
        nlohmann::json s = spec.describe_value(c);
        return nlohmann::json{{"anyOf", {s, {{"type", "null"}}}}};
      };
    } else {
      f.parse = [member, spec](const nlohmann::json& j, T& out, const std::string& path,
                               std::vector<FieldError>& errors) {
        spec.parse_value(j, out.*member, path, errors);
      };
      f.reset = [](T&) {};
      f.render = [member, spec](const T& v) { return spec.render_value(v.*member); };
      f.describe = [spec](Components& c) { return spec.describe_value(c); };
    }
    return f;
  }

  template <class M, class Spec>
  Object& add(std::string name, M T::*member, Spec spec, bool required, std::string description) {
    fields_.push_back(make_field(std::move(name), member, std::move(spec), required,
                                 std::move(description)));
    return *this;
  }

  const Field* find_input(const std::string& key) const {
    for (const Field& f : fields_) {
      if (f.name == key && !f.output_only) return &f;
    }
    return nullptr;
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  std::string name_;
  std::string description_;
  std::vector<Field> fields_;
};

// Parses a JSON request body into T with `schema`. On a syntax error or any field violation,
// throws http::ProblemError (400, every offending field listed).
template <class T>
T parse_body(const Object<T>& schema, std::string_view body);

}  // namespace api::schema

#include "api/schema_body.h"
