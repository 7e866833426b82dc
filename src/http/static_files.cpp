#include "http/static_files.h"

#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "http/problem.h"

namespace http {
namespace fs = std::filesystem;
namespace {

struct FileInfo {
  fs::path path;
  uintmax_t size = 0;
  std::string etag;
};

// Rejects anything that could step outside the root or reach a hidden file.
bool safe_relative(std::string_view rel) {
  if (rel.empty() || rel.front() == '/' || rel.find('\\') != std::string_view::npos ||
      rel.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= rel.size()) {
    size_t slash = rel.find('/', start);
    std::string_view segment = rel.substr(start, slash - start);
    if (segment.empty() && slash != std::string_view::npos) return false;  // "a//b"
    if (!segment.empty() && segment.front() == '.') return false;  // "..", ".", ".env"
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return true;
}

bool within(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end();
}

// The canonical regular file at `p` if it lies below `root`, with its ETag.
std::optional<FileInfo> regular_file(const fs::path& root, const fs::path& p, bool gz) {
  std::error_code ec;
  fs::path canonical = fs::canonical(p, ec);
  if (ec || !within(root, canonical) || !fs::is_regular_file(canonical, ec)) return std::nullopt;
  uintmax_t size = fs::file_size(canonical, ec);
  if (ec) return std::nullopt;
  auto mtime = fs::last_write_time(canonical, ec).time_since_epoch();
  if (ec) return std::nullopt;
  std::ostringstream etag;
  etag << '"' << std::hex << size << '-'
       << std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count()
       << (gz ? "-gz" : "") << '"';
  return FileInfo{std::move(canonical), size, etag.str()};
}

bool accepts_gzip(const Request& request) {
  auto header = request.header("Accept-Encoding");
  if (!header) return false;
  std::string_view value = *header;
  size_t at = value.find("gzip");
  if (at == std::string_view::npos) return false;
  std::string_view rest = value.substr(at + 4, value.find(',', at) - at - 4);
  return rest.find("q=0") == std::string_view::npos || rest.find("q=0.") != std::string_view::npos;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.find('*') != std::string_view::npos) return true;
  size_t at = if_none_match.find(etag);
  return at != std::string_view::npos;  // also matches the weak form W/"…"
}

std::optional<std::string> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

std::string content_type_for(const fs::path& file) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
  };
  std::string ext = file.extension().string();
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

Handler static_files(StaticFilesOptions options) {
  std::error_code ec;
  fs::path root = fs::canonical(options.root, ec);
  if (ec || !fs::is_directory(root)) {
    throw std::invalid_argument("static files root is not a directory: " + options.root.string());
  }
  return [root, o = std::move(options)](Request& request) -> Response {
    auto param = request.path_params.find(o.param);
    if (param == request.path_params.end() || !safe_relative(param->second)) {
      throw ProblemError(not_found());
    }
    fs::path wanted = root / param->second;
    std::error_code ec;
    if (fs::is_directory(wanted, ec)) wanted /= o.index_file;
    auto plain = regular_file(root, wanted, false);
    if (!plain) throw ProblemError(not_found());
    auto gz = regular_file(root, fs::path(wanted) += ".gz", true);
    bool use_gz = gz && accepts_gzip(request);
    const FileInfo& chosen = use_gz ? *gz : *plain;

    Response response;
    response.headers.add("Cache-Control", o.cache_control);
    response.headers.add("ETag", chosen.etag);
    if (gz) response.headers.add("Vary", "Accept-Encoding");
    auto if_none_match = request.header("If-None-Match");
    if (if_none_match && etag_matches(*if_none_match, chosen.etag)) {
      response.status = 304;
      return response;
    }
    auto body = read_all(chosen.path);
    if (!body) throw ProblemError(not_found());
    response.headers.add("Content-Type", content_type_for(wanted));
    if (use_gz) response.headers.add("Content-Encoding", "gzip");
    response.body = std::move(*body);
    return response;
  };
}

}  // namespace http
