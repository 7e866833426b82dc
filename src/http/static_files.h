// Serves the files below a directory: the dashboard, its scripts and styles, Swagger UI.
//   router.add("GET", "/static/{path...}", static_files({.root = "web/dist"}));
// The handler reads the route's rest parameter (`param`), answers 404 for anything that is not
// a regular file below the root (".." segments, dotfiles, symlinks leading out, absolute
// paths), sets Content-Type from the extension, Cache-Control, and an ETag from size and mtime,
// answers 304 to a matching If-None-Match, and serves a precompressed "<file>.gz" sibling with
// Content-Encoding: gzip when the client accepts gzip.
#pragma once

#include <filesystem>
#include <string>

#include "http/router.h"

namespace http {

struct StaticFilesOptions {
  std::filesystem::path root;
  std::string param = "path";                         // the route's {name...} parameter
  std::string cache_control = "public, max-age=300";  // sent with every file and 304
  std::string index_file = "index.html";              // served for a directory
};

// Throws std::invalid_argument when root is not a directory. The handler is safe to call from
// several threads; it does blocking file I/O, so keep the route's offload = true.
Handler static_files(StaticFilesOptions options);

// "text/css; charset=utf-8" for "app.css"; application/octet-stream for unknown extensions.
std::string content_type_for(const std::filesystem::path& file);

}  // namespace http
