#include "attacks/inversion/cma_es.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include "fl/errors.h"

namespace fedsec::attacks {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

[[noreturn]] void usage(const std::string& what) { throw UsageError("CMA-ES: " + what); }

}  // namespace

CmaEs::CmaEs(Eigen::VectorXd mean, double sigma, const CmaEsOptions& options)
    : learn_covariance_(options.learn_covariance), mean_(std::move(mean)), sigma_(sigma), rng_(options.seed) {
  const Eigen::Index n_index = mean_.size();
  if (n_index == 0) usage("the start point is empty");
  if (!mean_.allFinite()) usage("the start point has a non-finite entry");
  if (!(sigma > 0.0) || !std::isfinite(sigma))
    usage("sigma must be finite and > 0, got " + std::to_string(sigma));
  if (options.population == 1 || options.population < 0)
    usage("population must be >= 2 (or 0 for the default), got " + std::to_string(options.population));
  const double n = static_cast<double>(n_index);

  // Selection and recombination (Table 1 of the tutorial).
  lambda_ = options.population > 0 ? options.population : 4 + static_cast<int>(std::floor(3.0 * std::log(n)));
  mu_ = lambda_ / 2;
  Eigen::VectorXd raw(lambda_);  // w'_i = ln((lambda + 1) / 2) - ln i
  for (int i = 0; i < lambda_; ++i) raw[i] = std::log((lambda_ + 1) / 2.0) - std::log(i + 1.0);
  const auto positive = raw.head(mu_);
  const auto negative = raw.tail(lambda_ - mu_);
  mu_eff_ = positive.sum() * positive.sum() / positive.squaredNorm();
  const double mu_eff_neg = negative.sum() * negative.sum() / negative.squaredNorm();

  // Step-size control.
  c_sigma_ = (mu_eff_ + 2.0) / (n + mu_eff_ + 5.0);
  d_sigma_ = 1.0 + 2.0 * std::max(0.0, std::sqrt((mu_eff_ - 1.0) / (n + 1.0)) - 1.0) + c_sigma_;
  chi_n_ = std::sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));

  // Covariance adaptation (alpha_cov = 2).
  c_c_ = (4.0 + mu_eff_ / n) / (n + 4.0 + 2.0 * mu_eff_ / n);
  c1_ = 2.0 / ((n + 1.3) * (n + 1.3) + mu_eff_);
  c_mu_ = std::min(1.0 - c1_, 2.0 * (mu_eff_ - 2.0 + 1.0 / mu_eff_) / ((n + 2.0) * (n + 2.0) + mu_eff_));

  // Positive weights sum to 1; negative ones are scaled by min(alpha_mu^-, alpha_mueff^-,
  // alpha_posdef^-) over the sum of their magnitudes. With c_mu = 0 (mu_eff = 1) they are unused.
  const double negative_scale = c_mu_ > 0.0
                                    ? std::min({1.0 + c1_ / c_mu_, 1.0 + 2.0 * mu_eff_neg / (mu_eff_ + 2.0),
                                                (1.0 - c1_ - c_mu_) / (n * c_mu_)})
                                    : 0.0;
  weights_.resize(lambda_);
  weights_.head(mu_) = positive / positive.sum();
  weights_.tail(lambda_ - mu_) = negative * (negative_scale / negative.cwiseAbs().sum());

  C_ = Eigen::MatrixXd::Identity(n_index, n_index);
  B_ = Eigen::MatrixXd::Identity(n_index, n_index);
  D_ = Eigen::VectorXd::Ones(n_index);
  p_sigma_ = Eigen::VectorXd::Zero(n_index);
  p_c_ = Eigen::VectorXd::Zero(n_index);
  best_ = {mean_, kInf};
}

double CmaEs::normal() {
  // Marsaglia polar method on uniforms in [-1, 1) built from the top 53 bits of each draw.
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  double u, v, s;
  do {
    u = static_cast<double>(rng_() >> 11) * 0x1.0p-52 - 1.0;
    v = static_cast<double>(rng_() >> 11) * 0x1.0p-52 - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_normal_ = true;
  return u * factor;
}

std::vector<Eigen::VectorXd> CmaEs::ask() {
  if (!x_.empty()) usage("ask() called again before tell()");
  const Eigen::Index n = mean_.size();
  z_.assign(lambda_, Eigen::VectorXd(n));
  x_.assign(lambda_, Eigen::VectorXd(n));
  for (int k = 0; k < lambda_; ++k) {
    for (Eigen::Index i = 0; i < n; ++i) z_[k][i] = normal();
    x_[k] = mean_ + sigma_ * (B_ * D_.cwiseProduct(z_[k]));
  }
  return x_;
}

void CmaEs::tell(const std::vector<double>& losses) {
  if (x_.empty()) usage("tell() called without a pending ask()");
  if (static_cast<int>(losses.size()) != lambda_)
    usage("tell() expects " + std::to_string(lambda_) + " losses, got " + std::to_string(losses.size()));

  std::vector<double> loss(losses);
  for (double& l : loss)
    if (std::isnan(l)) l = kInf;
  for (int k = 0; k < lambda_; ++k)
    if (loss[k] < best_.loss) best_ = {x_[k], loss[k]};
  std::vector<int> order(lambda_);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return loss[a] < loss[b]; });

  // Steps y = B D z of the ranked candidates, and the weighted mean of the mu best.
  const Eigen::Index n = mean_.size();
  Eigen::MatrixXd Y(n, lambda_);
  for (int i = 0; i < lambda_; ++i) Y.col(i) = B_ * D_.cwiseProduct(z_[order[i]]);
  Eigen::VectorXd y_w = Eigen::VectorXd::Zero(n), z_w = Eigen::VectorXd::Zero(n);
  for (int i = 0; i < mu_; ++i) {
    y_w += weights_[i] * Y.col(i);
    z_w += weights_[i] * z_[order[i]];
  }
  mean_ += sigma_ * y_w;
  ++generation_;

  // Cumulation: C^{-1/2} y_w = B D^{-1} B^T B D z_w = B z_w.
  p_sigma_ = (1.0 - c_sigma_) * p_sigma_ + std::sqrt(c_sigma_ * (2.0 - c_sigma_) * mu_eff_) * (B_ * z_w);
  const double p_sigma_norm = p_sigma_.norm();
  const bool h_sigma = p_sigma_norm / std::sqrt(1.0 - std::pow(1.0 - c_sigma_, 2.0 * generation_)) <
                       (1.4 + 2.0 / (static_cast<double>(n) + 1.0)) * chi_n_;
  p_c_ = (1.0 - c_c_) * p_c_ + (h_sigma ? std::sqrt(c_c_ * (2.0 - c_c_) * mu_eff_) : 0.0) * y_w;

  if (learn_covariance_) {
    // Negative weights are rescaled by n / ||C^{-1/2} y_i||^2 = n / ||z_i||^2.
    Eigen::VectorXd w_circ = weights_;
    for (int i = mu_; i < lambda_; ++i) w_circ[i] *= static_cast<double>(n) / z_[order[i]].squaredNorm();
    const double delta_h = h_sigma ? 0.0 : c_c_ * (2.0 - c_c_);
    C_ *= 1.0 + c1_ * delta_h - c1_ - c_mu_ * weights_.sum();
    C_.noalias() += c1_ * p_c_ * p_c_.transpose();
    C_.noalias() += c_mu_ * Y * w_circ.asDiagonal() * Y.transpose();
    update_eigensystem();
  }
  sigma_ *= std::exp(c_sigma_ / d_sigma_ * (p_sigma_norm / chi_n_ - 1.0));

  z_.clear();
  x_.clear();
}

void CmaEs::update_eigensystem() {
  // Symmetrize away rounding; eigenvalues that rounding pushed below zero count as zero.
  C_ = 0.5 * (C_ + C_.transpose()).eval();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(C_);
  B_ = solver.eigenvectors();
  D_ = solver.eigenvalues().cwiseMax(0.0).cwiseSqrt();
}

CmaEsPoint minimize(const std::function<double(const Eigen::VectorXd&)>& f, Eigen::VectorXd x0, double sigma,
                    int generations, const CmaEsOptions& options) {
  if (generations < 1) usage("generations must be >= 1, got " + std::to_string(generations));
  CmaEs es(std::move(x0), sigma, options);
  std::vector<double> losses(es.population());
  for (int g = 0; g < generations; ++g) {
    const std::vector<Eigen::VectorXd> candidates = es.ask();
    for (int k = 0; k < es.population(); ++k) losses[k] = f(candidates[k]);
    es.tell(losses);
  }
  return es.best();
}

}  // namespace fedsec::attacks
