#pragma once
// Error categories shared by the library and the command line. The `fedsec` executable maps
// UsageError (bad arguments, bad config) to exit code 2 and any other exception to exit code 1.

#include <stdexcept>

namespace fedsec {

// The user asked for something invalid: unknown key, wrong type, value out of range.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fedsec
