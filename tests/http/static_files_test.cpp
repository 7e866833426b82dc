#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "client.h"
#include "http/problem.h"
#include "test_server.h"

namespace http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  StaticFilesTest() {
    base_ = fs::temp_directory_path() /
            ("http-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "www" / "js");
    write("www/index.html", "<h1>dashboard</h1>");
    write("www/js/app.js", "console.log(1)");
    write("www/js/app.js.gz", "GZIPPED-BYTES");
    write("www/style.CSS", "body{}");
    write("www/.env", "SECRET=1");
    write("secret.txt", "outside the root");
    fs::create_symlink(base_ / "secret.txt", base_ / "www" / "link.txt");
    handler_ = static_files({.root = base_ / "www", .cache_control = "public, max-age=60"});
  }
  ~StaticFilesTest() override { fs::remove_all(base_); }

  void write(const std::string& rel, const std::string& text) {
    std::ofstream(base_ / rel, std::ios::binary) << text;
  }

  // Runs the handler as the server would for /static/{path...}; problems become their status.
  Response serve(const std::string& rel, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request request;
    request.method = "GET";
    request.path_params["path"] = rel;
    for (auto& [name, value] : headers) request.headers.add(name, value);
    try {
      return handler_(request);
    } catch (const ProblemError& e) {
      return Response{e.problem.status, {}, {}};
    }
  }

  fs::path base_;
  Handler handler_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypeCacheControlAndEtag) {
  Response r = serve("js/app.js");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "console.log(1)");
  EXPECT_EQ(r.headers.get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(r.headers.get("Cache-Control"), "public, max-age=60");
  EXPECT_TRUE(r.headers.get("ETag").has_value());
  EXPECT_EQ(serve("style.CSS").headers.get("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(serve("").status, 404);
}

TEST_F(StaticFilesTest, DirectoryServesItsIndexFile) {
  write("www/js/index.html", "js index");
  EXPECT_EQ(serve("js/").body, "js index");
  EXPECT_EQ(serve("js").body, "js index");
}

TEST_F(StaticFilesTest, MatchingIfNoneMatchGets304WithoutBody) {
  std::string etag(*serve("index.html").headers.get("ETag"));
  Response r = serve("index.html", {{"If-None-Match", etag}});
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.headers.get("ETag"), etag);
  EXPECT_EQ(serve("index.html", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(StaticFilesTest, RefusesTraversalDotfilesAndSymlinksOutOfTheRoot) {
  EXPECT_EQ(serve("../secret.txt").status, 404);
  EXPECT_EQ(serve("js/../../secret.txt").status, 404);
  EXPECT_EQ(serve("/etc/passwd").status, 404);
  EXPECT_EQ(serve(".env").status, 404);
  EXPECT_EQ(serve("link.txt").status, 404);
  EXPECT_EQ(serve("missing.js").status, 404);
}

TEST_F(StaticFilesTest, ServesTheGzipSiblingWhenTheClientAcceptsGzip) {
  Response zipped = serve("js/app.js", {{"Accept-Encoding", "br, gzip, deflate"}});
  EXPECT_EQ(zipped.body, "GZIPPED-BYTES");
  EXPECT_EQ(zipped.headers.get("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped.headers.get("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(zipped.headers.get("Vary"), "Accept-Encoding");
  Response plain = serve("js/app.js", {{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(plain.body, "console.log(1)");
  EXPECT_FALSE(plain.headers.get("Content-Encoding").has_value());
  EXPECT_NE(plain.headers.get("ETag"), zipped.headers.get("ETag"));
}

TEST_F(StaticFilesTest, ThroughTheServerEncodedTraversalIsStill404) {
  test::TestServer s;
  s.router.add("GET", "/static/{path...}", static_files({.root = base_ / "www"}));
  s.start();
  EXPECT_EQ(test::get(s.url("/static/js/app.js")).body, "console.log(1)");
  EXPECT_EQ(test::get(s.url("/static/%2e%2e/secret.txt")).status, 404);
  EXPECT_EQ(test::get(s.url("/static/js%2f..%2f..%2fsecret.txt")).status, 404);
}

TEST_F(StaticFilesTest, RootMustBeADirectory) {
  EXPECT_THROW(static_files({.root = base_ / "nope"}), std::invalid_argument);
}

TEST(ContentType, KnowsTheDashboardsExtensions) {
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("site.webmanifest"), "application/manifest+json");
  EXPECT_EQ(content_type_for("a.js.map"), "application/json");
  EXPECT_EQ(content_type_for("favicon.ico"), "image/x-icon");
  EXPECT_EQ(content_type_for("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace http
