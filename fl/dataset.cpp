#include "fl/dataset.h"

#include <map>
#include <mutex>
#include <tuple>

#include "fl/idx_file.h"

namespace fedsec::fl {

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path, int64_t max_samples,
                         double mean, double std) {
  IdxImages images = read_idx_images(images_path);
  std::vector<uint8_t> labels = read_idx_labels(labels_path, 10);
  if (static_cast<int64_t>(labels.size()) != images.count)
    throw DataFileError(labels_path + ": holds " + std::to_string(labels.size()) + " labels but " +
                        images_path + " holds " + std::to_string(images.count) + " images");
  const int64_t n = max_samples > 0 ? std::min(max_samples, images.count) : images.count;
  Dataset data;
  auto pixels = torch::from_blob(images.pixels.data(), {n, 1, images.rows, images.cols}, torch::kUInt8);
  data.images = pixels.to(torch::kFloat32).div_(255.0).sub_(mean).div_(std).contiguous();
  data.labels = torch::from_blob(labels.data(), {n}, torch::kUInt8).to(torch::kInt64);
  data.label_list.assign(labels.begin(), labels.begin() + n);
  return data;
}

std::shared_ptr<const Dataset> load_idx_dataset_cached(const std::string& images_path,
                                                       const std::string& labels_path, int64_t max_samples,
                                                       double mean, double std) {
  using Key = std::tuple<std::string, std::string, int64_t, double, double>;
  static std::mutex mutex;
  static std::map<Key, std::shared_ptr<const Dataset>> cache;
  const Key key{images_path, labels_path, max_samples, mean, std};
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(key);
  if (it == cache.end())
    it = cache
             .emplace(key, std::make_shared<Dataset>(
                               load_idx_dataset(images_path, labels_path, max_samples, mean, std)))
             .first;
  return it->second;
}

}  // namespace fedsec::fl
