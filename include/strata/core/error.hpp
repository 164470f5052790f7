// The one exception type of strata: bad input (a layout, a quant name, a config key).
// Thrown from constexpr code too, where it turns an invalid compile-time spec into a
// compile error that points at the throw with this message.
#pragma once

#include <stdexcept>
#include <string>

namespace strata {

class invalid_input : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace strata
