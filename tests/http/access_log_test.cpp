#include "http/access_log.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace http {
namespace {

TEST(AccessLog, RecordIsOneJsonObjectWithEscapedStrings) {
  std::string line;
  append_access_json({std::chrono::system_clock::time_point(std::chrono::milliseconds(1732467600123)),
                      "GET", "/clients/{id}", "/clients/a\"b\n", 200, 1.5, "t1", "rid", "::1", 42},
                     line);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["ts"], "2024-11-24T17:00:00.123Z");
  EXPECT_EQ(j["path"], "/clients/a\"b\n");
  EXPECT_EQ(j["duration_ms"], 1.5);
  EXPECT_EQ(j["tenant"], "t1");
  EXPECT_EQ(j["bytes_out"], 42);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(AccessLog, InstalledLoggerAppendsLinesToItsFileOnFlush) {
  auto path = std::filesystem::temp_directory_path() / "http-access-log-test.jsonl";
  std::filesystem::remove(path);
  auto logger = install_access_log(path.string());
  EXPECT_EQ(spdlog::get("access"), logger);
  logger->info(std::string_view(R"({"n":1})"));
  logger->info(std::string_view(R"({"n":2})"));
  logger->flush();
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "{\"n\":1}\n{\"n\":2}\n");
  spdlog::drop("access");
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace http
