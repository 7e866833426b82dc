// What is wrong with an Options struct, named by field, so a handler can answer problem+json
// that points at the query parameter it mapped to that field.
#pragma once

#include <string>

namespace analytics {

struct OptionError {
  std::string field;    // the Options member, e.g. "moving_average_days"
  std::string message;  // a sentence for a person, e.g. "must be at least 1"
};

}  // namespace analytics
