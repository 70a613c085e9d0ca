#pragma once
#include "fl/components.h"

namespace fedsec::privacy {
// Adds privacy/'s update transforms, the DP mechanisms (dp.mode) and their config keys.
void register_components(fl::Registry& registry);
}  // namespace fedsec::privacy
