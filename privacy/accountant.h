#pragma once
// Privacy accountants for the Poisson-subsampled Gaussian mechanism, in the shape of Opacus'
// accountants (pytorch/opacus, opacus/accountants/accountant.py and registry.py): record the noisy
// releases with step(), then ask for epsilon(delta). Adjacency is add/remove-one record; the
// mechanism adds N(0, (noise_multiplier * sensitivity)^2) to a sum over a batch in which every
// record is included independently with probability sample_rate.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace fedsec::privacy {

// The (epsilon, delta) guarantee an accountant certifies for a given delta.
struct EpsilonResult {
  double epsilon = 0;                // +infinity when no finite epsilon meets the delta
  std::optional<double> best_order;  // the minimizing Renyi order; RDP accountants only
};

class Accountant {
 public:
  virtual ~Accountant() = default;

  // Records num_steps releases with the given noise multiplier (noise std / L2 sensitivity) and
  // Poisson sampling rate. Calls compose: steps with different parameters add up. Throws
  // fedsec::UsageError unless noise_multiplier > 0 (finite), 0 < sample_rate <= 1, num_steps >= 1.
  virtual void step(double noise_multiplier, double sample_rate, std::int64_t num_steps = 1) = 0;

  // The smallest epsilon this accountant can certify at delta for everything recorded so far
  // (0 before any step). Throws fedsec::UsageError unless 0 < delta < 1.
  virtual EpsilonResult epsilon(double delta) const = 0;

  // The registry name ("rdp", "pld", ...).
  virtual std::string name() const = 0;
};

using AccountantFactory = std::function<std::unique_ptr<Accountant>()>;

// A fresh accountant registered under name; "rdp" and "pld" are built in. Throws
// fedsec::UsageError naming the valid names (and the nearest one) when name is unknown.
std::unique_ptr<Accountant> make_accountant(const std::string& name);

// Registers (or replaces) a factory under name, so make_accountant(name) can build it.
void register_accountant(const std::string& name, AccountantFactory factory);

// Every registered name, sorted.
std::vector<std::string> accountant_names();

// Argument checks shared by the accountants; each throws fedsec::UsageError with a message that
// names the argument, the accepted range and the value received.
void check_step_arguments(double noise_multiplier, double sample_rate, std::int64_t num_steps);
void check_delta(double delta);

}  // namespace fedsec::privacy
