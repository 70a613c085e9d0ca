#pragma once
// The configuration keys of a DIFF2 / DP-GD experiment (`fedsec diff2`). Unknown keys, wrong
// types and out-of-range values are rejected by fl::Config with the nearest valid key named.

#include "fl/config_schema.h"

namespace fedsec::privacy {

// Every key a `fedsec diff2` config file may hold, with defaults and documentation.
const fl::ConfigSchema& diff2_schema();

}  // namespace fedsec::privacy
