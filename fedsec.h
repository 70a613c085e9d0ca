#pragma once
// Entry point for library users: a registry holding every component of the toolkit.
//
//   #include <fedsec/fedsec.h>
//   auto registry = fedsec::make_registry();
//   auto config = fedsec::fl::Config::load("exp.yaml", {}, registry.schema());
//   fedsec::fl::run_experiment(config, registry, "out/");

#include "attacks/register.h"
#include "defenses/register.h"
#include "fl/components.h"
#include "fl/experiment.h"
#include "privacy/register.h"

namespace fedsec {

// The core registry plus the components of privacy/, defenses/ and attacks/.
inline fl::Registry make_registry() {
  fl::Registry registry = fl::make_core_registry();
  privacy::register_components(registry);
  defenses::register_components(registry);
  attacks::register_components(registry);
  return registry;
}

}  // namespace fedsec
