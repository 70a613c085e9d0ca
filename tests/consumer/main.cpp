// Builds the registry, parses a config, and checks a model's flat parameter layout.
#include <fedsec/fedsec.h>
#include <fedsec/fl/model_factory.h>

#include <iostream>

int main() {
  const auto registry = fedsec::make_registry();
  const auto config = fedsec::fl::Config::parse("model: {name: mlp, hidden: [32]}\n", {}, registry.schema());
  const auto model = fedsec::fl::make_model(config);
  const int64_t expected = 784 * 32 + 32 + 32 * 10 + 10;
  std::cout << "consumer: mlp has " << model->layout().size() << " parameters\n";
  return model->layout().size() == expected ? 0 : 1;
}
