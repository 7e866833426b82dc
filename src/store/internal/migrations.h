// The migrations compiled into the binary (generated from src/store/migrations by
// embed_migrations.cmake). Internal to store/.
#pragma once

#include <span>
#include <string_view>

#include "store/database.h"

namespace store::internal {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Migrations for `dialect`, in ascending version order.
std::span<const Migration> embedded_migrations(Dialect dialect);

}  // namespace store::internal
