// Numbers in sentences and reports, without locale or printf surprises.
#pragma once

#include <string>

namespace experiments::internal {

// `value` with `significant` significant digits, "%g"-like: 0.0123, 1.5e-05, 45089.
std::string format_number(double value, int significant);

// 100 × value with `decimals` decimals and a sign: "+4.3%", "−0.8%" (ASCII minus).
std::string format_percent(double value, int decimals, bool with_sign = true);

// A p-value for people: "p = 0.0016", "p < 0.0001".
std::string format_p_value(double p);

}  // namespace experiments::internal
