// Today's date where a client is: reports, rules and recommendations count days in the client's
// own time zone, as the ad platforms do.
#pragma once

#include <string>

#include "core/date.h"

namespace date { class time_zone; }

namespace api {

// The IANA zone `name`, or UTC when the tz database does not know it.
const date::time_zone* zone_or_utc(const std::string& name);

// The date now in the IANA zone `zone` ("Europe/Berlin"); the UTC date when the zone is unknown
// (zones are checked when a client is stored, so only a zone removed from the tz database since).
core::Date local_today(const std::string& zone);

}  // namespace api
