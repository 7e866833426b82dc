#include "api/local_time.h"

#include <chrono>
#include <exception>

#include <date/tz.h>

namespace api {

core::Date local_today(const std::string& zone) {
  try {
    auto local = date::make_zoned(date::locate_zone(zone), std::chrono::system_clock::now())
                     .get_local_time();
    auto day = date::floor<date::days>(local);
    return core::Date{static_cast<std::int32_t>(day.time_since_epoch().count())};
  } catch (const std::exception&) {
    return core::today_utc();
  }
}

}  // namespace api
