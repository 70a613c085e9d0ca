#include "attacks/inversion/inversion_experiment.h"

#include <nlohmann/json.hpp>

#include <ATen/Parallel.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "attacks/inversion/generative_attacks.h"
#include "attacks/inversion/gray_image.h"
#include "attacks/inversion/image_metrics.h"
#include "attacks/inversion/inversion_config.h"
#include "attacks/inversion/label_inference.h"
#include "attacks/inversion/png_image.h"
#include "fl/atomic_file.h"
#include "fl/dataset.h"
#include "fl/errors.h"
#include "fl/model_factory.h"
#include "fl/rng.h"

namespace fedsec::attacks {
namespace fs = std::filesystem;
namespace {

// Batches of distinct labels, walking forward from first_index; each batch sorted by label so
// that image i pairs with the i-th smallest inferred label.
std::vector<std::vector<int64_t>> select_batches(const fl::Dataset& data, const TargetSelection& targets) {
  std::vector<std::vector<int64_t>> batches;
  std::vector<int64_t> current;
  auto wanted = [&](int label) {
    return targets.classes.empty() ||
           std::find(targets.classes.begin(), targets.classes.end(), label) != targets.classes.end();
  };
  for (int64_t i = targets.first_index;
       i < data.size() && static_cast<int64_t>(batches.size()) < targets.batches; ++i) {
    const int label = data.label_list[static_cast<size_t>(i)];
    if (!wanted(label)) continue;
    bool seen = false;
    for (int64_t j : current) seen |= data.label_list[static_cast<size_t>(j)] == label;
    if (seen) continue;
    current.push_back(i);
    if (static_cast<int64_t>(current.size()) == targets.batch_size) {
      std::sort(current.begin(), current.end(), [&](int64_t a, int64_t b) {
        return data.label_list[static_cast<size_t>(a)] < data.label_list[static_cast<size_t>(b)];
      });
      batches.push_back(current);
      current.clear();
    }
  }
  if (static_cast<int64_t>(batches.size()) < targets.batches)
    throw UsageError("the test set holds only " + std::to_string(batches.size()) + " batches of " +
                     std::to_string(targets.batch_size) + " distinct-label images from index " +
                     std::to_string(targets.first_index) + " (inversion.targets.batches is " +
                     std::to_string(targets.batches) + ")");
  return batches;
}

// The test set without the given indices (the pool of the other clients' batches).
fl::Dataset without(const fl::Dataset& data, const std::vector<int64_t>& removed) {
  auto keep = torch::ones({data.size()}, torch::kBool);
  for (int64_t i : removed) keep[i] = false;
  fl::Dataset out;
  out.images = data.images.index({keep});
  out.labels = data.labels.index({keep});
  out.num_classes = data.num_classes;
  return out;
}

GrayImage to_gray(const torch::Tensor& unit_image) {
  const auto pixels = unit_image.detach().to(torch::kFloat32).contiguous().view({-1});
  return gray_image_from_unit(
      static_cast<int>(unit_image.size(-1)), static_cast<int>(unit_image.size(-2)),
      std::vector<float>(pixels.data_ptr<float>(), pixels.data_ptr<float>() + pixels.numel()));
}

std::string column_name(const Reconstruction& r) {
  return r.stage < 0 ? r.method : r.method + "_stage" + std::to_string(r.stage);
}

struct MethodTotals {
  double psnr = 0, ssim = 0, mse = 0, labels_correct = 0, seconds = 0;
  int64_t images = 0;
};

std::string format_double(double v) {
  std::ostringstream out;
  out.precision(8);
  out << v;
  return out.str();
}

}  // namespace

const std::vector<std::string>& inversion_summary_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> out;
    for (const auto& m : inversion_methods())
      for (const char* metric : {"psnr", "ssim", "label_accuracy"}) out.push_back(m + "." + metric);
    return out;
  }();
  return columns;
}

void run_inversion(const fl::Config& config, const std::string& out_dir, const InversionProgress& progress) {
  const InversionConfig ic = read_inversion_config(config);
  // One intra-op thread, as in the simulator: parallelism goes across sweep cells.
  static std::once_flag single_threaded_ops;
  std::call_once(single_threaded_ops, [] { at::set_num_threads(1); });
  ImageDomain domain;
  domain.mean = config.get_double("data.mean");
  domain.std = config.get_double("data.std");
  const auto data =
      fl::load_idx_dataset_cached(config.get_string("data.test_images"),
                                  config.get_string("data.test_labels"), 0, domain.mean, domain.std);
  const auto batches = select_batches(*data, ic.targets);
  auto victim = fl::make_model(config);
  std::unique_ptr<DcganGenerator> generator;
  if (!ic.generator_path.empty())
    generator = std::make_unique<DcganGenerator>(DcganGenerator::load(ic.generator_path));

  fs::create_directories(out_dir);
  fl::write_file_atomic((fs::path(out_dir) / "config.yaml").string(), config.to_yaml());
  std::string csv =
      "batch,position,dataset_index,method,stage,selected,true_label,label,label_correct,mse,psnr,ssim,"
      "gradient_loss,seconds\n";
  std::vector<std::vector<GrayImage>> grid;
  std::map<std::string, MethodTotals> totals;
  const int total_units = static_cast<int>(batches.size() * ic.methods.size());
  int done = 0;

  for (size_t b = 0; b < batches.size(); ++b) {
    const auto index = torch::tensor(batches[b]);
    const auto inputs = data->images.index_select(0, index);
    const auto labels = data->labels.index_select(0, index);
    const auto truth = domain.to_unit(inputs);
    auto options = ic.observation;
    options.seed = fl::derive_seed(ic.seed, "inversion-batch", static_cast<int64_t>(b));
    const fl::Dataset others =
        options.defense == ObservationDefense::SecureAggregation ? without(*data, batches[b]) : fl::Dataset{};
    const auto observation = observe_gradient(*victim, inputs, labels, others, options);
    const GradientMirror mirror = ic.adaptive ? observation.mirror : GradientMirror{};
    const auto inferred = infer_labels(observation.gradient, victim->layout(), ic.targets.batch_size);

    std::vector<std::vector<GrayImage>> rows(batches[b].size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i].push_back(to_gray(truth[static_cast<int64_t>(i)]));
    for (const auto& method : ic.methods) {
      const bool pixel = method == "dlg" || method == "idlg" || method == "ig";
      const GradientDistance distance = method == "ig" ? ic.ig_distance
                                        : pixel        ? GradientDistance::SquaredL2
                                                       : ic.generative_distance;
      const GradientMatcher matcher(*victim, observation.gradient, distance, mirror);
      const InversionProblem problem{matcher, inferred, domain, ic.priors,
                                     fl::derive_seed(ic.seed, "inversion-attack", static_cast<int64_t>(b))};
      const auto start = std::chrono::steady_clock::now();
      std::vector<Reconstruction> outputs;
      if (method == "dlg") outputs.push_back(deep_leakage(problem, ic.dlg));
      if (method == "idlg") outputs.push_back(improved_deep_leakage(problem, ic.dlg));
      if (method == "ig") outputs.push_back(inverting_gradients(problem, ic.ig));
      if (method == "latent_adam") outputs.push_back(latent_adam(problem, *generator, ic.gifd));
      if (method == "ggl") outputs.push_back(ggl(problem, *generator, ic.ggl));
      if (method == "gifd") outputs = gifd(problem, *generator, ic.gifd);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      // The selected output first in the grid, then the other candidates (GIFD's stages).
      std::stable_sort(outputs.begin(), outputs.end(), [](const Reconstruction& a, const Reconstruction& c) {
        return a.selected > c.selected;
      });
      for (const auto& r : outputs) {
        const auto scores = score_images(r.images, truth);
        for (size_t i = 0; i < scores.size(); ++i) {
          const auto position = static_cast<int64_t>(i);
          const int64_t true_label = labels[position].item<int64_t>();
          const int64_t label = r.labels[position].item<int64_t>();
          const bool correct = true_label == label;
          csv += std::to_string(b) + "," + std::to_string(i) + "," + std::to_string(batches[b][i]) + "," +
                 r.method + "," + (r.stage < 0 ? "" : std::to_string(r.stage)) + "," +
                 (r.selected ? "1" : "0") + "," + std::to_string(true_label) + "," + std::to_string(label) +
                 "," + (correct ? "1" : "0") + "," + format_double(scores[i].mse) + "," +
                 format_double(scores[i].psnr) + "," + format_double(scores[i].ssim) + "," +
                 format_double(r.gradient_loss) + "," +
                 format_double(seconds / static_cast<double>(scores.size())) + "\n";
          rows[i].push_back(to_gray(r.images[position]));
          std::vector<std::string> keys;
          if (r.selected) keys.push_back(r.method);
          if (r.stage >= 0) keys.push_back(column_name(r));
          for (const auto& key : keys) {
            auto& t = totals[key];
            t.psnr += scores[i].psnr;
            t.ssim += scores[i].ssim;
            t.mse += scores[i].mse;
            t.labels_correct += correct ? 1 : 0;
            t.seconds += seconds / static_cast<double>(scores.size());
            ++t.images;
          }
        }
      }
      if (progress) progress(++done, total_units);
    }
    for (auto& row : rows) grid.push_back(std::move(row));
  }

  fl::write_file_atomic((fs::path(out_dir) / "metrics.csv").string(), csv);
  const GrayImage sheet = tile_grid(grid, 2, 128);
  write_png_gray((fs::path(out_dir) / "grid.png").string(), sheet.width, sheet.height, sheet.pixels);
  nlohmann::json summary;
  for (const auto& [name, t] : totals) {
    const double n = static_cast<double>(t.images);
    summary[name + ".psnr"] = t.psnr / n;
    summary[name + ".ssim"] = t.ssim / n;
    summary[name + ".mse"] = t.mse / n;
    summary[name + ".label_accuracy"] = t.labels_correct / n;
    summary[name + ".seconds_per_image"] = t.seconds / n;
  }
  summary["images"] = static_cast<int64_t>(batches.size()) * ic.targets.batch_size;
  fl::write_file_atomic((fs::path(out_dir) / "summary.json").string(), summary.dump(2) + "\n");
}

}  // namespace fedsec::attacks
