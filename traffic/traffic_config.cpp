#include "traffic/traffic_config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "fl/errors.h"
#include "traffic/config_bindings.h"

namespace fedsec::traffic {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using fl::KeySpec;

// A key with a range; `open_low` / `open_high` make that end exclusive.
KeySpec key(std::string path, std::string doc, double min = -kInf, double max = kInf, bool open_low = false,
            bool open_high = false) {
  KeySpec k;
  k.path = std::move(path);
  k.doc = std::move(doc);
  k.min = min;
  k.max = max;
  k.min_exclusive = open_low;
  k.max_exclusive = open_high;
  return k;
}

KeySpec choice(std::string path, std::string doc, std::vector<std::string> choices) {
  KeySpec k = key(std::move(path), std::move(doc));
  k.choices = std::move(choices);
  return k;
}

const char* kCorridorsKey = "scenario.corridors";
const char* kFixedIncidentsKey = "scenario.fixed_incidents";

const char* targets_name(BenchmarkConfig::Targets t) {
  switch (t) {
    case BenchmarkConfig::Targets::kAll:
      return "all";
    case BenchmarkConfig::Targets::kLaneBlocking:
      return "lane_blocking";
    case BenchmarkConfig::Targets::kImpactful:
      break;
  }
  return "impactful";
}

void add_run_keys(KeyBindings<TrafficRunConfig>& b) {
  using R = TrafficRunConfig;
  b.add(
      key("run.seed", "seeds the simulator, the random features and the training subsamples", 0),
      [](R & c) -> auto& { return c.benchmark.seed; });
  b.add(
      key("run.data_dir",
          "a canonical CSV dataset (docs/traffic.md) to use instead of simulating `scenario`"),
      [](R & c) -> auto& { return c.benchmark.data_dir; });
  b.add(
      key("run.supervised", "also train the supervised references central_logreg and central_svm"),
      [](R & c) -> auto& { return c.benchmark.supervised; });
  b.add(
      key("split.train_days", "whole days from the first midnight used for training", 1),
      [](R & c) -> auto& { return c.benchmark.train_days; });
  b.add(
      key("split.validation_days", "the following days, to choose lambda", 1),
      [](R & c) -> auto& { return c.benchmark.validation_days; });
  b.add(
      key("split.test_days", "the following days, to score every method", 1),
      [](R & c) -> auto& { return c.benchmark.test_days; });
  b.add_choice(
      choice("split.targets", "incidents a detector should find; rows of other incidents are left out",
             {"all", "lane_blocking", "impactful"}),
      [](const R& c) { return std::string(targets_name(c.benchmark.targets)); },
      [](R& c, const std::string& v) {
        c.benchmark.targets = v == "all"             ? BenchmarkConfig::Targets::kAll
                              : v == "lane_blocking" ? BenchmarkConfig::Targets::kLaneBlocking
                                                     : BenchmarkConfig::Targets::kImpactful;
      });
  b.add(
      key("split.max_train_per_region", "normal training rows kept per region, at most", 2),
      [](R & c) -> auto& { return c.benchmark.max_train_per_region; });
  b.add(
      key("split.min_train_share", "each region keeps a share drawn in [this, 1] of its normal rows", 0, 1,
          true),
      [](R & c) -> auto& { return c.benchmark.min_train_share; });
  b.add(
      key("alarm.threshold", "a score above it is a raw alarm"),
      [](R & c) -> auto& { return c.benchmark.threshold; });
  b.add(
      key("alarm.persistence", "consecutive raw alarms of a pair before it alarms", 1),
      [](R & c) -> auto& { return c.benchmark.persistence; });
}

void add_feature_keys(KeyBindings<TrafficRunConfig>& b) {
  using R = TrafficRunConfig;
  b.add(
      key("features.lag_s", "temporal changes compare t with t - lag_s; a multiple of the sampling interval",
          1),
      [](R & c) -> auto& { return c.benchmark.features.lag_s; });
  b.add(
      key("features.label_tail_s", "rows stay labelled this long after an incident clears", 0),
      [](R & c) -> auto& { return c.benchmark.features.label_tail_s; });
  b.add(
      key("features.relative_floor", "least occupancy in the denominators of relative differences", 0, kInf,
          true),
      [](R & c) -> auto& { return c.benchmark.features.relative_floor; });
  b.add(
      key("features.effective_length_m", "vehicle + loop length, to impute a missing speed", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.features.effective_length_m; });
  b.add(
      key("features.free_speed_kph", "speed imputed at (near) zero occupancy", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.features.free_speed_kph; });
  b.add_choice(
      choice("features.map", "model inputs: random Fourier features or the standardised features themselves",
             {"random_fourier", "linear"}),
      [](const R& c) {
        return std::string(
            c.benchmark.feature_map == BenchmarkConfig::FeatureMap::kLinear ? "linear" : "random_fourier");
      },
      [](R& c, const std::string& v) {
        c.benchmark.feature_map = v == "linear" ? BenchmarkConfig::FeatureMap::kLinear
                                                : BenchmarkConfig::FeatureMap::kRandomFourier;
      });
  b.add(
      key("features.rff_dim", "number of random Fourier features", 1),
      [](R & c) -> auto& { return c.benchmark.rff_dim; });
  b.add(
      key("features.rff_bandwidth", "Gaussian kernel bandwidth; 0: sqrt(2 p) for p features", 0),
      [](R & c) -> auto& { return c.benchmark.rff_bandwidth; });
}

void add_model_keys(KeyBindings<TrafficRunConfig>& b) {
  using R = TrafficRunConfig;
  b.add(
      key("ocsvm.nu", "one-class SVM: bound on the share of training rows flagged", 0, 1, true),
      [](R & c) -> auto& { return c.benchmark.ocsvm.nu; });
  b.add(
      key("ocsvm.tolerance", "dual coordinate ascent tolerance on the margins", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.ocsvm.tolerance; });
  b.add(
      key("ocsvm.max_sweeps", "dual coordinate sweeps per prox call", 1),
      [](R & c) -> auto& { return c.benchmark.ocsvm.max_sweeps; });
  b.add(
      key("ocsvm.minimize_sigma", "proximal-point step 1/sigma of standalone training", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.ocsvm.minimize_sigma; });
  b.add(
      key("ocsvm.minimize_tolerance", "standalone training stops when an iterate moves less", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.ocsvm.minimize_tolerance; });
  b.add(
      key("ocsvm.max_minimize_iterations", "proximal-point iterations of standalone training, at most", 1),
      [](R & c) -> auto& { return c.benchmark.ocsvm.max_minimize_iterations; });
  b.add(
      key("svm.c", "linear SVM: hinge-loss weight", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.svm.c; });
  b.add(
      key("svm.tolerance", "linear SVM: dual projected-gradient tolerance", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.svm.tolerance; });
  b.add(
      key("svm.max_sweeps", "linear SVM: dual coordinate sweeps, at most", 1),
      [](R & c) -> auto& { return c.benchmark.svm.max_sweeps; });
  b.add(
      key("logreg.c", "logistic regression: loss weight", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.logreg.c; });
  b.add(
      key("logreg.tolerance", "logistic regression: Newton decrement tolerance", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.logreg.tolerance; });
  b.add(
      key("logreg.max_newton_steps", "logistic regression: Newton steps, at most", 1),
      [](R & c) -> auto& { return c.benchmark.logreg.max_newton_steps; });
  b.add(
      key("fedavg.enabled", "run the FedAvg baseline (row `fedavg`)"),
      [](R & c) -> auto& { return c.fedavg.enabled; });
  b.add(
      key("fedavg.rounds", "FedAvg rounds; every region takes part in each", 1),
      [](R & c) -> auto& { return c.fedavg.rounds; });
  b.add(
      key("fedavg.local_epochs", "local epochs per round", 1),
      [](R & c) -> auto& { return c.fedavg.local_epochs; });
  b.add(
      key("fedavg.batch_size", "local minibatch size", 1),
      [](R & c) -> auto& { return c.fedavg.batch_size; });
  b.add(
      key("fedavg.lr", "local SGD learning rate", 0, kInf, true), [](R & c) -> auto& { return c.fedavg.lr; });
  b.add(
      key("fedavg.momentum", "local SGD momentum", 0, 1, false, true),
      [](R & c) -> auto& { return c.fedavg.momentum; });
  b.add(
      key("fedavg.hidden", "hidden layer widths of the MLP; []: logistic regression", 1),
      [](R & c) -> auto& { return c.fedavg.hidden; });
  b.add(
      key("fedavg.balance_classes", "repeat each client's incident rows to about match its normal rows"),
      [](R & c) -> auto& { return c.fedavg.balance_classes; });
}

void add_lasso_keys(KeyBindings<TrafficRunConfig>& b) {
  using R = TrafficRunConfig;
  b.add(
      key("graph.alpha", "weight of road adjacency against descriptor similarity", 0, 1),
      [](R & c) -> auto& { return c.benchmark.graph.alpha; });
  b.add(
      key("graph.neighbours", "nearest neighbours by region descriptors", 0),
      [](R & c) -> auto& { return c.benchmark.graph.neighbours; });
  b.add(
      key("graph.min_weight", "edges lighter than this are dropped", 0),
      [](R & c) -> auto& { return c.benchmark.graph.min_weight; });
  b.add(
      key("admm.rho", "initial ADMM penalty", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.admm.rho; });
  b.add(
      key("admm.eps_abs", "absolute tolerance of the residuals", 0),
      [](R & c) -> auto& { return c.benchmark.admm.eps_abs; });
  b.add(
      key("admm.eps_rel", "relative tolerance of the residuals", 0),
      [](R & c) -> auto& { return c.benchmark.admm.eps_rel; });
  b.add(
      key("admm.max_iterations", "ADMM iterations per lambda, at most", 1),
      [](R & c) -> auto& { return c.benchmark.admm.max_iterations; });
  b.add(
      key("admm.adapt_rho", "residual balancing of rho"),
      [](R & c) -> auto& { return c.benchmark.admm.adapt_rho; });
  b.add(
      key("admm.mu", "rebalance when one residual exceeds mu times the other", 1, kInf, true),
      [](R & c) -> auto& { return c.benchmark.admm.mu; });
  b.add(
      key("admm.tau", "factor by which rho changes", 1, kInf, true),
      [](R & c) -> auto& { return c.benchmark.admm.tau; });
  b.add(
      key("admm.rho_min", "least adapted rho", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.admm.rho_min; });
  b.add(
      key("admm.rho_max", "largest adapted rho", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.admm.rho_max; });
  b.add(
      key("lambda_path.start", "first lambda after 0", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.path.start; });
  b.add(
      key("lambda_path.factor", "ratio of consecutive lambdas", 1, kInf, true),
      [](R & c) -> auto& { return c.benchmark.path.factor; });
  b.add(
      key("lambda_path.max_steps", "lambdas after 0, at most (the path stops at full consensus)", 0),
      [](R & c) -> auto& { return c.benchmark.path.max_steps; });
}

void add_california_keys(KeyBindings<TrafficRunConfig>& b) {
  using R = TrafficRunConfig;
  using T = CaliforniaOptions::TentativeTest;
  b.add(
      key("california.occdf", "T1: least OCCDF for a tentative incident"),
      [](R & c) -> auto& { return c.benchmark.california.occdf; });
  b.add(
      key("california.occrdf", "T2: least OCCRDF for a tentative and a confirmed incident"),
      [](R & c) -> auto& { return c.benchmark.california.occrdf; });
  b.add_choice(
      choice("california.tentative",
             "third tentative test: downstream occupancy below docc_max (#7) or DOCCTD above docctd",
             {"downstream_occupancy", "downstream_drop"}),
      [](const R& c) {
        return std::string(c.benchmark.california.tentative == T::kDownstreamDrop ? "downstream_drop"
                                                                                  : "downstream_occupancy");
      },
      [](R& c, const std::string& v) {
        c.benchmark.california.tentative =
            v == "downstream_drop" ? T::kDownstreamDrop : T::kDownstreamOccupancy;
      });
  b.add(
      key("california.docc_max", "T3': downstream occupancy below it"),
      [](R & c) -> auto& { return c.benchmark.california.docc_max; });
  b.add(
      key("california.docctd", "T3: DOCCTD above it"),
      [](R & c) -> auto& { return c.benchmark.california.docctd; });
  b.add(
      key("california.compression_docctd", "compression wave: DOCCTD at most this ..."),
      [](R & c) -> auto& { return c.benchmark.california.compression_docctd; });
  b.add(
      key("california.compression_docc", "... with downstream occupancy at least this"),
      [](R & c) -> auto& { return c.benchmark.california.compression_docc; });
  b.add(
      key("california.suppression_s", "detection suppressed this long after a compression wave", 0),
      [](R & c) -> auto& { return c.benchmark.california.suppression_s; });
}

void add_scenario_keys(KeyBindings<TrafficRunConfig>& b) {
  using R = TrafficRunConfig;
  b.add(
      key("scenario.days", "simulated days", 1), [](R & c) -> auto& { return c.benchmark.scenario.days; });
  b.add(
      key("scenario.first_weekday", "weekday of day 0 (0 = Monday; 5 and 6 are the weekend)", 0, 6),
      [](R & c) -> auto& { return c.benchmark.scenario.first_weekday; });
  b.add(
      key("scenario.dt_s", "CTM time step, s (CFL: free speed * dt <= cell length)", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.scenario.dt_s; });
  b.add(
      key("scenario.cell_length_km", "CTM cell length, km", 0, kInf, true),
      [](R & c) -> auto& { return c.benchmark.scenario.cell_length_km; });
  b.add(
      key("scenario.detector_interval_s", "detector reporting interval, s; a multiple of dt_s", 1),
      [](R & c) -> auto& { return c.benchmark.scenario.detector_interval_s; });
  b.add(
      key("scenario.warmup_s", "simulated before each midnight, not recorded", 0),
      [](R & c) -> auto& { return c.benchmark.scenario.warmup_s; });
  b.add(
      key("scenario.capacity_drop", "capacity lost by congested cells", 0, 1, false, true),
      [](R & c) -> auto& { return c.benchmark.scenario.capacity_drop; });
  b.add(
      key("scenario.cell_heterogeneity", "+- share on each cell's capacity and free speed", 0, 0.5, false,
          true),
      [](R & c) -> auto& { return c.benchmark.scenario.cell_heterogeneity; });

  auto demand = [&](const char* leaf, const char* doc, double min, double max, bool open_low, bool open_high,
                    double DemandOptions::*field) {
    b.add(
        key(std::string("scenario.demand.") + leaf, doc, min, max, open_low, open_high),
        [field](R & c) -> auto& { return c.benchmark.scenario.demand.*field; });
  };
  demand("night_floor", "demand floor as a share of the peak", 0, 1, true, false,
         &DemandOptions::night_floor);
  demand("am_mean_h", "weekday morning peak, hour", 0, 24, false, false, &DemandOptions::am_mean_h);
  demand("am_sd_h", "its width, h", 0, kInf, true, false, &DemandOptions::am_sd_h);
  demand("pm_mean_h", "weekday evening peak, hour", 0, 24, false, false, &DemandOptions::pm_mean_h);
  demand("pm_sd_h", "its width, h", 0, kInf, true, false, &DemandOptions::pm_sd_h);
  demand("weekend_scale", "weekend peak as a share of the weekday peak", 0, kInf, false, false,
         &DemandOptions::weekend_scale);
  demand("weekend_mean_h", "weekend peak, hour", 0, 24, false, false, &DemandOptions::weekend_mean_h);
  demand("weekend_sd_h", "its width, h", 0, kInf, true, false, &DemandOptions::weekend_sd_h);
  demand("day_sigma_log", "log-sd of the daily demand factor per source", 0, kInf, false, false,
         &DemandOptions::day_sigma_log);
  demand("ar_sigma", "stationary sd of the within-day AR(1) perturbation", 0, kInf, false, false,
         &DemandOptions::ar_sigma);
  demand("ar_correlation_s", "its correlation time, s", 0, kInf, true, false,
         &DemandOptions::ar_correlation_s);
  demand("onramp_share", "peak on-ramp demand / the corridor's tightest capacity", 0, kInf, false, false,
         &DemandOptions::onramp_share);
  demand("offramp_split_min", "least off-ramp split", 0, 1, false, true, &DemandOptions::offramp_split_min);
  demand("offramp_split_max", "largest off-ramp split", 0, 1, false, true, &DemandOptions::offramp_split_max);

  auto incidents = [&](const char* leaf, const char* doc, double min, double max, bool open_low,
                       double IncidentOptions::*field) {
    b.add(
        key(std::string("scenario.incidents.") + leaf, doc, min, max, open_low), [field](R & c) -> auto& {
          return c.benchmark.scenario.incidents.*field;
        });
  };
  incidents("lane_blocking_per_day", "lane-blocking incidents per corridor and weekday (weekends 70 %)", 0,
            kInf, false, &IncidentOptions::lane_blocking_per_day);
  incidents("shoulder_per_day", "shoulder incidents per corridor and weekday", 0, kInf, false,
            &IncidentOptions::shoulder_per_day);
  incidents("two_lane_share", "share of lane-blocking incidents that block two lanes", 0, 1, false,
            &IncidentOptions::two_lane_share);
  incidents("shoulder_accident_share", "share of shoulder incidents that are accidents", 0, 1, false,
            &IncidentOptions::shoulder_accident_share);
  incidents("shoulder_median_min", "median shoulder-incident duration, min", 0, kInf, true,
            &IncidentOptions::shoulder_median_min);
  incidents("blocking_median_min", "median lane-blocking duration, min", 0, kInf, true,
            &IncidentOptions::blocking_median_min);
  incidents("duration_sigma_log", "log-sd of durations", 0, kInf, false,
            &IncidentOptions::duration_sigma_log);
  incidents("max_duration_min", "duration cap, min", 0, kInf, true, &IncidentOptions::max_duration_min);
  incidents("impact_min_s", "an incident is impactful once its blockage binds this long, s", 0, kInf, false,
            &IncidentOptions::impact_min_s);

  auto detectors = [&](const char* leaf, const char* doc, double min, double max, bool open_low,
                       bool open_high, double DetectorOptions::*field) {
    b.add(
        key(std::string("scenario.detectors.") + leaf, doc, min, max, open_low, open_high),
        [field](R & c) -> auto& { return c.benchmark.scenario.detectors.*field; });
  };
  detectors("effective_length_m", "vehicle + loop length, m", 0, kInf, true, false,
            &DetectorOptions::effective_length_m);
  detectors("occupancy_noise", "multiplicative occupancy noise, sd", 0, kInf, false, false,
            &DetectorOptions::occupancy_noise);
  detectors("speed_noise_kph", "additive speed noise, sd, km/h", 0, kInf, false, false,
            &DetectorOptions::speed_noise_kph);
  detectors("missing_rate", "share of samples missing", 0, 1, false, true, &DetectorOptions::missing_rate);
  detectors("outage_per_station_day", "probability of an outage per station and day", 0, 1, false, false,
            &DetectorOptions::outage_per_station_day);
  detectors("outage_min_h", "shortest outage, h", 0, kInf, true, false, &DetectorOptions::outage_min_h);
  detectors("outage_max_h", "longest outage, h", 0, kInf, true, false, &DetectorOptions::outage_max_h);
  detectors("stuck_per_station_day", "probability of a stuck detector per station and day", 0, 1, false,
            false, &DetectorOptions::stuck_per_station_day);
  detectors("stuck_min_h", "shortest stuck period, h", 0, kInf, true, false, &DetectorOptions::stuck_min_h);
  detectors("stuck_max_h", "longest stuck period, h", 0, kInf, true, false, &DetectorOptions::stuck_max_h);
}

KeyBindings<TrafficRunConfig> make_run_bindings() {
  KeyBindings<TrafficRunConfig> b;
  add_run_keys(b);
  add_feature_keys(b);
  add_model_keys(b);
  add_lasso_keys(b);
  add_california_keys(b);
  add_scenario_keys(b);
  return b;
}

KeyBindings<CorridorConfig> make_corridor_bindings() {
  using C = CorridorConfig;
  KeyBindings<C> b;
  b.add(
      key("road", "road name"), [](C & c) -> auto& { return c.road; });
  b.add_choice(
      choice("direction", "travel direction; downstream is increasing postmile for N and E",
             {"N", "S", "E", "W"}),
      [](const C& c) { return c.direction; }, [](C& c, const std::string& v) { c.direction = v; });
  b.add(
      key("postmile_origin_km", "postmile of the upstream end, km"),
      [](C & c) -> auto& { return c.postmile_origin_km; });
  b.add(
      key("stations", "detector stations", 2), [](C & c) -> auto& { return c.stations; });
  b.add(
      key("station_spacing_km", "distance between stations, km (at least 2 cells)", 0, kInf, true),
      [](C & c) -> auto& { return c.station_spacing_km; });
  b.add(
      key("lanes", "mainline lanes", 1), [](C & c) -> auto& { return c.lanes; });
  b.add(
      key("lane_drop_km", "where lanes drop to lanes_after_drop, km from the upstream end; negative: none"),
      [](C & c) -> auto& { return c.lane_drop_km; });
  b.add(
      key("lanes_after_drop", "lanes after the drop", 1), [](C & c) -> auto& { return c.lanes_after_drop; });
  b.add(
      key("ramp_spacing_km", "an off-ramp then an on-ramp every so many km (at least 4 cells); 0: none", 0),
      [](C & c) -> auto& { return c.ramp_spacing_km; });
  b.add(
      key("diagram.free_speed_kph", "free-flow speed, km/h", 0, kInf, true),
      [](C & c) -> auto& { return c.diagram.free_speed_kph; });
  b.add(
      key("diagram.capacity_vphpl", "capacity, veh/h/lane", 0, kInf, true),
      [](C & c) -> auto& { return c.diagram.capacity_vphpl; });
  b.add(
      key("diagram.wave_speed_kph", "backward wave speed, km/h", 0, kInf, true),
      [](C & c) -> auto& { return c.diagram.wave_speed_kph; });
  b.add(
      key("peak_demand_ratio", "peak flow reaching the tightest cell / its capacity", 0, kInf, true),
      [](C & c) -> auto& { return c.peak_demand_ratio; });
  b.add(
      key("am_peak_weight", "relative size of the weekday morning peak", 0),
      [](C & c) -> auto& { return c.am_peak_weight; });
  b.add(
      key("pm_peak_weight", "relative size of the weekday evening peak", 0),
      [](C & c) -> auto& { return c.pm_peak_weight; });
  b.add(
      key("stations_per_region", "consecutive stations per region (network-lasso node)", 2),
      [](C & c) -> auto& { return c.stations_per_region; });
  b.add(
      key("center_postmile_km", "where the road passes the city centre, km"),
      [](C & c) -> auto& { return c.center_postmile_km; });
  return b;
}

KeyBindings<FixedIncident> make_fixed_incident_bindings() {
  using F = FixedIncident;
  KeyBindings<F> b;
  b.add(
      key("corridor", "index into scenario.corridors", 0), [](F & f) -> auto& { return f.corridor; });
  b.add(
      key("day", "simulated day", 0), [](F & f) -> auto& { return f.day; });
  b.add(
      key("position_km", "from the corridor's upstream end, km", 0),
      [](F & f) -> auto& { return f.position_km; });
  b.add(
      key("start_s", "seconds after midnight", 0, 86400, false, true),
      [](F & f) -> auto& { return f.start_s; });
  b.add(
      key("duration_s", "seconds", 0, kInf, true), [](F & f) -> auto& { return f.duration_s; });
  b.add_choice(
      choice("type", "incident type", {"shoulder_disablement", "shoulder_accident", "lane_blocking"}),
      [](const F& f) { return std::string(incident_type_name(f.type)); },
      [](F& f, const std::string& v) { parse_incident_type(v, f.type); });
  b.add(
      key("lanes_blocked", "lanes blocked (lane_blocking)", 0),
      [](F & f) -> auto& { return f.lanes_blocked; });
  return b;
}

struct Tables {
  KeyBindings<TrafficRunConfig> run = make_run_bindings();
  KeyBindings<CorridorConfig> corridor = make_corridor_bindings();
  KeyBindings<FixedIncident> fixed = make_fixed_incident_bindings();
  fl::ConfigSchema run_schema, corridor_schema, fixed_schema;

  Tables() {
    run_schema = run.schema(TrafficRunConfig{});
    // The list keys are declared for the nearest-key search and the reference; their items are
    // parsed with the item schemas.
    KeySpec corridors = key(kCorridorsKey, "the corridors (default: the four of the default scenario)");
    corridors.type = fl::KeyType::StringList;
    corridors.default_yaml = "[]";
    run_schema.add(corridors);
    KeySpec fixed_incidents =
        key(kFixedIncidentsKey, "incidents placed by hand, in addition to the random ones");
    fixed_incidents.type = fl::KeyType::StringList;
    fixed_incidents.default_yaml = "[]";
    run_schema.add(fixed_incidents);
    corridor_schema = corridor.schema(CorridorConfig{});
    fixed_schema = fixed.schema(FixedIncident{});
  }
};

const Tables& tables() {
  static const Tables t;
  return t;
}

std::string emit(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return out.c_str();
}

// Parses each item of a list of maps with an item schema.
template <class Item>
std::vector<Item> parse_items(const YAML::Node& list, const std::string& list_key,
                              const fl::ConfigSchema& schema, const KeyBindings<Item>& bindings,
                              const std::string& origin) {
  if (!list.IsSequence()) throw UsageError(origin + ": key '" + list_key + "' must be a list of maps");
  std::vector<Item> items;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = origin + ": " + list_key + "[" + std::to_string(i) + "]";
    if (!list[i].IsMap()) throw UsageError(where + ": expected a map of keys");
    Item item{};
    bindings.apply(fl::Config::parse(emit(list[i]), {}, schema, where), item);
    items.push_back(item);
  }
  return items;
}

std::string reference_rows(const fl::ConfigSchema& schema, const std::string& prefix) {
  std::ostringstream out;
  for (const auto& [path, k] : schema.keys()) {
    const bool list = path == kCorridorsKey || path == kFixedIncidentsKey;
    const std::string allowed = list ? std::string("a list of maps with the keys `") +
                                           (path == kCorridorsKey ? "corridors" : "fixed_incidents") +
                                           "[i].*` below"
                                     : k.allowed();
    const std::string shown_default = list && path == kCorridorsKey ? "(4 corridors)" : k.default_yaml;
    out << "| `" << prefix << path << "` | `" << shown_default << "` | " << allowed << " | " << k.doc
        << " |\n";
  }
  return out.str();
}

}  // namespace

const fl::ConfigSchema& traffic_config_schema() { return tables().run_schema; }
const fl::ConfigSchema& corridor_schema() { return tables().corridor_schema; }
const fl::ConfigSchema& fixed_incident_schema() { return tables().fixed_schema; }

TrafficRunConfig parse_traffic_config(const std::string& yaml_text,
                                      const std::vector<fl::Override>& overrides, const std::string& origin) {
  const Tables& t = tables();
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw UsageError(origin + ": invalid YAML: " + e.what());
  }
  // The list keys are taken out and parsed item by item; the rest goes through fl::Config.
  std::optional<YAML::Node> corridors, fixed;
  if (root.IsMap() && root["scenario"] && root["scenario"].IsMap()) {
    YAML::Node scenario = root["scenario"];
    if (scenario["corridors"]) corridors = YAML::Clone(scenario["corridors"]), scenario.remove("corridors");
    if (scenario["fixed_incidents"])
      fixed = YAML::Clone(scenario["fixed_incidents"]), scenario.remove("fixed_incidents");
  }
  for (const fl::Override& o : overrides)
    if (o.path == kCorridorsKey || o.path == kFixedIncidentsKey)
      throw UsageError("override: key '" + o.path + "' is a list of maps; set it in the config file");

  const fl::Config config =
      fl::Config::parse(root.IsNull() ? std::string() : emit(root), overrides, t.run_schema, origin);
  TrafficRunConfig run;
  t.run.apply(config, run);
  if (corridors)
    run.benchmark.scenario.corridors =
        parse_items(*corridors, kCorridorsKey, t.corridor_schema, t.corridor, origin);
  if (fixed)
    run.benchmark.scenario.fixed_incidents =
        parse_items(*fixed, kFixedIncidentsKey, t.fixed_schema, t.fixed, origin);
  run.benchmark.validate();
  return run;
}

TrafficRunConfig load_traffic_config(const std::string& path, const std::vector<fl::Override>& overrides) {
  std::ifstream in(path);
  if (!in) throw UsageError(path + ": cannot open config file");
  std::stringstream text;
  text << in.rdbuf();
  return parse_traffic_config(text.str(), overrides, path);
}

std::string traffic_config_markdown() {
  const Tables& t = tables();
  return "| key | default | allowed | meaning |\n|---|---|---|---|\n" + reference_rows(t.run_schema, "") +
         "\nEach item of `scenario.corridors` (defaults of a plain corridor, not those of the default "
         "scenario):\n\n| key | default | allowed | meaning |\n|---|---|---|---|\n" +
         reference_rows(t.corridor_schema, "corridors[i].") +
         "\nEach item of `scenario.fixed_incidents`:\n\n| key | default | allowed | meaning "
         "|\n|---|---|---|---|\n" +
         reference_rows(t.fixed_schema, "fixed_incidents[i].");
}

}  // namespace fedsec::traffic
