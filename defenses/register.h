#pragma once
#include "fl/components.h"

namespace fedsec::defenses {
// Adds defenses/'s aggregators and their config keys to the registry.
void register_components(fl::Registry& registry);
}  // namespace fedsec::defenses
