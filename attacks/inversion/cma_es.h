#pragma once
// CMA-ES, the (mu/mu_w, lambda) covariance matrix adaptation evolution strategy of
// N. Hansen, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772 (2016): weighted
// recombination, cumulative step-size adaptation, rank-one and rank-mu covariance updates, with
// the default strategy parameters of the tutorial's Table 1 (including its negative "active"
// weights for the rank-mu update). GGL (Li et al., CVPR 2022) uses it to search a GAN latent.
//
// Determinism: candidates depend only on the start point, sigma, options and the losses told; the
// normal draws come from std::mt19937_64 (whose output the C++ standard fixes) through the
// Marsaglia polar method, not std::normal_distribution, whose output differs between standard
// libraries. The eigendecomposition of C (Eigen::SelfAdjointEigenSolver) is recomputed after
// every tell(); it costs O(n^3), negligible beside evaluating a population of GAN candidates.

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include <Eigen/Dense>

namespace fedsec::attacks {

struct CmaEsOptions {
  int population = 0;            // lambda, candidates per generation; 0: 4 + floor(3 ln n)
  std::uint64_t seed = 0;        // seeds the normal draws
  bool learn_covariance = true;  // false: C stays the identity (step-size adaptation only)
};

// A point and its loss.
struct CmaEsPoint {
  Eigen::VectorXd x;
  double loss = 0.0;
};

// Ask/tell minimizer: ask() returns a population, the caller evaluates it, tell() reports the
// losses in the same order. Calls must alternate, starting with ask().
class CmaEs {
 public:
  // Starts at mean with step size sigma and C = I. Throws UsageError on an empty or non-finite
  // mean, sigma not finite and > 0, or population 1 or negative.
  CmaEs(Eigen::VectorXd mean, double sigma, const CmaEsOptions& options = {});

  // Draws the next population of population() candidates. Throws UsageError if the previous
  // population has not been told.
  std::vector<Eigen::VectorXd> ask();

  // Reports one loss per candidate of the last ask(), in order, and updates mean, sigma and C.
  // NaN losses count as +inf (worst); ties keep the order of ask(). Throws UsageError if no
  // population is pending or losses.size() != population().
  void tell(const std::vector<double>& losses);

  // The lowest loss told so far and its candidate (the first one on ties). Before any finite
  // loss is told: the start mean with loss +inf.
  const CmaEsPoint& best() const { return best_; }

  int generation() const { return generation_; }  // number of tell() calls
  int population() const { return lambda_; }
  int dimension() const { return static_cast<int>(mean_.size()); }
  const Eigen::VectorXd& mean() const { return mean_; }
  double sigma() const { return sigma_; }

 private:
  void update_eigensystem();
  double normal();

  // Strategy parameters (Hansen 2016, Table 1).
  int lambda_, mu_;
  Eigen::VectorXd weights_;  // lambda weights: mu positive ones summing to 1, then negative ones
  double mu_eff_, c_sigma_, d_sigma_, c_c_, c1_, c_mu_, chi_n_;
  bool learn_covariance_;

  // State.
  Eigen::VectorXd mean_;
  double sigma_;
  Eigen::MatrixXd C_, B_;  // C = B diag(D^2) B^T
  Eigen::VectorXd D_;
  Eigen::VectorXd p_sigma_, p_c_;
  int generation_ = 0;
  CmaEsPoint best_;

  // The pending population: z ~ N(0, I) and x = mean + sigma B D z.
  std::vector<Eigen::VectorXd> z_, x_;

  std::mt19937_64 rng_;
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

// Runs `generations` generations of CmaEs on f from x0 and returns the best point seen. Throws
// UsageError on the constructor's conditions or generations < 1.
CmaEsPoint minimize(const std::function<double(const Eigen::VectorXd&)>& f, Eigen::VectorXd x0, double sigma,
                    int generations, const CmaEsOptions& options = {});

}  // namespace fedsec::attacks
