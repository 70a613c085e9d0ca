#pragma once
#include "fl/components.h"

namespace fedsec::privacy {
// Adds privacy/'s update transforms and their config keys to the registry.
void register_components(fl::Registry& registry);
}  // namespace fedsec::privacy
