#include "api/local_time.h"

#include <chrono>
#include <exception>

#include <date/tz.h>

namespace api {

const date::time_zone* zone_or_utc(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

core::Date local_today(const std::string& zone) {
  auto local = zone_or_utc(zone)->to_local(std::chrono::system_clock::now());
  auto day = date::floor<date::days>(local);
  return core::Date{static_cast<std::int32_t>(day.time_since_epoch().count())};
}

}  // namespace api
