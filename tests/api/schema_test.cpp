// The schema declarations: one shape drives parsing, validation, rendering and JSON Schema.
#include "api/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace {

using api::schema::FieldError;
using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::AllOf;

struct Line {
  core::Date date;
  std::int64_t clicks = 0;
  std::int64_t spend_micros = 0;
  std::optional<double> frequency;
};

enum class Color { red, green };
const std::array<std::string_view, 2> kColors = {"red", "green"};

struct Order {
  std::string name;
  std::optional<std::string> note;
  Color color = Color::red;
  bool urgent = false;
  std::vector<Line> lines;
  std::vector<std::string> tags;
  std::string extra = "{}";
};

const api::schema::Object<Line>& line_shape() {
  static const auto shape = api::schema::Object<Line>("Line")
                                .required("date", &Line::date, api::schema::Date())
                                .required("clicks", &Line::clicks, api::schema::Integer().min(0))
                                .required("spend", &Line::spend_micros, api::schema::Money().min(0))
                                .optional("frequency", &Line::frequency, api::schema::Number().min(0));
  return shape;
}

const api::schema::Object<Order>& order_shape() {
  static const auto shape =
      api::schema::Object<Order>("Order")
          .required("name", &Order::name, api::schema::String().min_length(1).max_length(5))
          .optional("note", &Order::note, api::schema::String())
          .optional("color", &Order::color, api::schema::Enum<Color, 2>(kColors))
          .optional("urgent", &Order::urgent, api::schema::Boolean())
          .optional("lines", &Order::lines, api::schema::Array(line_shape()).max_items(2))
          .optional("tags", &Order::tags, api::schema::Array(api::schema::String()).unique())
          .optional("extra", &Order::extra, api::schema::JsonText());
  return shape;
}

std::vector<FieldError> errors_of(const json& input) {
  Order out;
  std::vector<FieldError> errors;
  EXPECT_FALSE(order_shape().parse(input, out, "", errors));
  return errors;
}

auto error(const std::string& field, const std::string& message) {
  return AllOf(Field(&FieldError::field, field), Field(&FieldError::message, message));
}

TEST(Schema, ParsesAValidBodyIntoTheStruct) {
  Order out;
  std::vector<FieldError> errors;
  json input = {{"name", "Ann"},
                {"color", "green"},
                {"urgent", true},
                {"lines", {{{"date", "2024-02-29"}, {"clicks", 3}, {"spend", 118.43}}}},
                {"tags", {"a", "b"}},
                {"extra", {{"k", 1}}}};
  ASSERT_TRUE(order_shape().parse(input, out, "", errors));
  EXPECT_EQ(out.name, "Ann");
  EXPECT_FALSE(out.note.has_value());
  EXPECT_EQ(out.color, Color::green);
  EXPECT_TRUE(out.urgent);
  ASSERT_EQ(out.lines.size(), 1u);
  EXPECT_EQ(core::format_iso_date(out.lines[0].date), "2024-02-29");
  EXPECT_EQ(out.lines[0].spend_micros, 118'430'000);  // exact, not 118429999
  EXPECT_EQ(out.extra, R"({"k":1})");
}

TEST(Schema, NamesEveryOffendingFieldByPath) {
  auto errors = errors_of({{"name", ""},
                           {"colour", "red"},
                           {"color", "blue"},
                           {"urgent", "yes"},
                           {"lines", {{{"date", "2023-02-29"}, {"clicks", -1}, {"spend", "abc"}},
                                      {{"clicks", 1.5}, {"spend", 1}}}},
                           {"tags", {"a", "a"}}});
  EXPECT_THAT(errors, ::testing::UnorderedElementsAre(
                          error("colour", "unknown field"),
                          error("name", "must be at least 1 characters"),
                          error("color", "must be one of: red, green"),
                          error("urgent", "must be true or false"),
                          error("lines[0].date", "must be a real date as YYYY-MM-DD"),
                          error("lines[0].clicks", "must be at least 0"),
                          error("lines[0].spend", "must be an amount of at most 1,000,000,000 currency units"),
                          error("lines[1].date", "is required"),
                          error("lines[1].clicks", "must be an integer"),
                          error("tags[1]", "is a duplicate")));
}

TEST(Schema, RejectsNonObjectsAndMissingRequiredFields) {
  EXPECT_THAT(errors_of(json::array()), ElementsAre(error("body", "must be a JSON object")));
  EXPECT_THAT(errors_of(json::object()), ElementsAre(error("name", "is required")));
  EXPECT_THAT(errors_of({{"name", nullptr}}), ElementsAre(error("name", "is required")));
}

TEST(Schema, BoundsArraysAndMoney) {
  json line = {{"date", "2024-01-01"}, {"clicks", 1}, {"spend", 1}};
  EXPECT_THAT(errors_of({{"name", "x"}, {"lines", {line, line, line}}}),
              ElementsAre(error("lines", "must have between 0 and 2 items")));
  json negative = {{"date", "2024-01-01"}, {"clicks", 1}, {"spend", -0.01}};
  EXPECT_THAT(errors_of({{"name", "x"}, {"lines", {negative}}}),
              ElementsAre(error("lines[0].spend", "must be at least 0")));
  json huge = {{"date", "2024-01-01"}, {"clicks", 1}, {"spend", 2e9}};
  EXPECT_EQ(errors_of({{"name", "x"}, {"lines", {huge}}}).size(), 1u);
}

TEST(Schema, RendersBackWhatItParsed) {
  Order out;
  std::vector<FieldError> errors;
  json input = {{"name", "Ann"},
                {"note", "n"},
                {"color", "green"},
                {"urgent", false},
                {"lines", {{{"date", "2024-01-01"}, {"clicks", 3}, {"spend", 0.1}, {"frequency", 1.5}}}},
                {"tags", json::array()},
                {"extra", {{"k", {1, 2}}}}};
  ASSERT_TRUE(order_shape().parse(input, out, "", errors));
  EXPECT_EQ(order_shape().render(out), input);
}

TEST(Schema, DescribesItselfAsJsonSchema) {
  api::schema::Components components;
  json ref = order_shape().describe(components);
  EXPECT_EQ(ref, json({{"$ref", "#/components/schemas/Order"}}));
  const json& order = components.schemas()["Order"];
  EXPECT_EQ(order["additionalProperties"], false);
  EXPECT_EQ(order["required"], json({"name"}));
  EXPECT_EQ(order["properties"]["name"]["maxLength"], 5);
  EXPECT_EQ(order["properties"]["color"]["enum"], json({"red", "green"}));
  EXPECT_EQ(order["properties"]["lines"]["items"], json({{"$ref", "#/components/schemas/Line"}}));
  EXPECT_EQ(components.schemas()["Line"]["properties"]["date"]["format"], "date");
}

struct Filter {
  std::int64_t limit = 50;
  bool active = false;
  std::optional<Color> color;
  std::vector<std::string> ids;
};

const api::schema::Object<Filter>& filter_shape() {
  static const auto shape =
      api::schema::Object<Filter>("Filter")
          .optional("limit", &Filter::limit, api::schema::Integer().min(1).max(500))
          .optional("active", &Filter::active, api::schema::Boolean())
          .optional("color", &Filter::color, api::schema::Enum<Color, 2>(kColors))
          .optional("ids", &Filter::ids, api::schema::Array(api::schema::String()));
  return shape;
}

TEST(Schema, ParsesQueryTextIntoTypedFields) {
  Filter f;
  std::vector<FieldError> errors;
  std::multimap<std::string, std::string> query = {
      {"limit", "20"}, {"active", "true"}, {"color", "red"}, {"ids", "a,b"}};
  ASSERT_TRUE(filter_shape().parse_query(query, f, errors));
  EXPECT_EQ(f.limit, 20);
  EXPECT_TRUE(f.active);
  EXPECT_EQ(f.color, Color::red);
  EXPECT_EQ(f.ids, (std::vector<std::string>{"a", "b"}));
}

TEST(Schema, RejectsUnknownRepeatedAndMistypedQueryParameters) {
  Filter f;
  std::vector<FieldError> errors;
  std::multimap<std::string, std::string> query = {
      {"limit", "ten"}, {"limt", "5"}, {"active", "1"}, {"active", "0"}};
  EXPECT_FALSE(filter_shape().parse_query(query, f, errors));
  EXPECT_THAT(errors, ::testing::UnorderedElementsAre(error("limt", "unknown query parameter"),
                                                      error("active", "must be given once")));
  errors.clear();
  EXPECT_FALSE(filter_shape().parse_query({{"limit", "ten"}}, f, errors));
  EXPECT_THAT(errors, ElementsAre(error("limit", "must be an integer")));
}

TEST(Schema, RefusesDeeplyNestedFreeFormJson) {
  json deep = json::object();
  json* cursor = &deep;
  for (int i = 0; i < 100; ++i) cursor = &((*cursor)["k"] = json::object());
  auto errors = errors_of({{"name", "x"}, {"extra", deep}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "extra");
}

}  // namespace
