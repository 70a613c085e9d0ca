#pragma once
#include "fl/components.h"

namespace fedsec::attacks {
// Adds attacks/'s client behaviours and their config keys to the registry.
void register_components(fl::Registry& registry);
}  // namespace fedsec::attacks
