#pragma once
// Small experiment configs for tests: real Fashion-MNIST, a few hundred samples.

#include <string>
#include <vector>

#include "fedsec.h"

namespace fedsec::testing {

// A registry with every component, shared by the tests of one binary.
inline const fl::Registry& registry() {
  static const fl::Registry r = make_registry();
  return r;
}

// Base config: 300 training and 200 test samples, logistic regression, 10 IID clients.
inline fl::Config tiny_config(const std::vector<fl::Override>& overrides = {}) {
  std::vector<fl::Override> all{{"data.max_train_samples", "300"}, {"data.max_test_samples", "200"},
                                {"model.name", "logreg"},          {"partition.name", "iid"},
                                {"partition.num_clients", "10"},   {"federation.clients_per_round", "4"},
                                {"federation.rounds", "3"}};
  all.insert(all.end(), overrides.begin(), overrides.end());
  return fl::Config::parse("", all, registry().schema(), "test");
}

}  // namespace fedsec::testing
