#include "fl/partition.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

#include "fl/rng.h"

namespace fedsec::fl {
namespace {

using ::testing::HasSubstr;

// Checks that shards are sorted, disjoint and together cover [0, num_samples).
void expect_valid_partition(const Shards& shards, int64_t num_samples) {
  std::vector<int> seen(static_cast<size_t>(num_samples), 0);
  for (size_t c = 0; c < shards.size(); ++c) {
    EXPECT_TRUE(std::is_sorted(shards[c].begin(), shards[c].end())) << "shard " << c << " is not ascending";
    for (int64_t i : shards[c]) {
      ASSERT_GE(i, 0);
      ASSERT_LT(i, num_samples);
      ++seen[i];
    }
  }
  for (int64_t i = 0; i < num_samples; ++i) ASSERT_EQ(seen[i], 1) << "sample " << i;
}

// num_classes classes of per_class samples each, in a seeded random order.
std::vector<int> balanced_labels(int num_classes, int per_class, uint64_t seed = 7) {
  std::vector<int> labels;
  for (int k = 0; k < num_classes; ++k) labels.insert(labels.end(), per_class, k);
  Rng rng = make_rng(seed, "test.labels");
  for (size_t i = labels.size(); i > 1; --i) std::swap(labels[i - 1], labels[uniform_below(rng, i)]);
  return labels;
}

std::vector<double> label_distribution(const std::vector<int64_t>& indices, const std::vector<int>& labels,
                                       int num_classes) {
  std::vector<double> p(static_cast<size_t>(num_classes), 0.0);
  for (int64_t i : indices) p[labels[i]] += 1.0 / static_cast<double>(indices.size());
  return p;
}

double total_variation(const std::vector<double>& p, const std::vector<double>& q) {
  double sum = 0;
  for (size_t k = 0; k < p.size(); ++k) sum += std::abs(p[k] - q[k]);
  return sum / 2;
}

// Mean over non-empty shards of the total-variation distance from the global label distribution.
double mean_label_skew(const Shards& shards, const std::vector<int>& labels, int num_classes) {
  std::vector<int64_t> all(labels.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int64_t>(i);
  const std::vector<double> global = label_distribution(all, labels, num_classes);
  double sum = 0;
  int count = 0;
  for (const auto& shard : shards) {
    if (shard.empty()) continue;
    sum += total_variation(label_distribution(shard, labels, num_classes), global);
    ++count;
  }
  return sum / count;
}

// Coefficient of variation of the shard sizes.
double size_cv(const Shards& shards) {
  double mean = 0;
  for (const auto& shard : shards)
    mean += static_cast<double>(shard.size()) / static_cast<double>(shards.size());
  double variance = 0;
  for (const auto& shard : shards) {
    variance += std::pow(static_cast<double>(shard.size()) - mean, 2) / static_cast<double>(shards.size());
  }
  return std::sqrt(variance) / mean;
}

size_t min_size(const Shards& shards) {
  size_t smallest = std::numeric_limits<size_t>::max();
  for (const auto& shard : shards) smallest = std::min(smallest, shard.size());
  return smallest;
}

// ---- IID ----

TEST(PartitionIid, CoversAllSamplesWithSizesDifferingByAtMostOne) {
  const Shards shards = partition_iid(1003, 10, 1);
  ASSERT_EQ(shards.size(), 10u);
  expect_valid_partition(shards, 1003);
  size_t smallest = 1003, largest = 0;
  for (const auto& shard : shards) {
    smallest = std::min(smallest, shard.size());
    largest = std::max(largest, shard.size());
  }
  EXPECT_LE(largest - smallest, 1u);
}

TEST(PartitionIid, DeterministicPerSeedAndDifferentAcrossSeeds) {
  EXPECT_EQ(partition_iid(500, 7, 42), partition_iid(500, 7, 42));
  EXPECT_NE(partition_iid(500, 7, 42), partition_iid(500, 7, 43));
}

TEST(PartitionIid, MoreClientsThanSamplesLeavesSomeShardsEmpty) {
  const Shards shards = partition_iid(3, 5, 1);
  expect_valid_partition(shards, 3);
  EXPECT_EQ(min_size(shards), 0u);
}

TEST(PartitionIid, RejectsInvalidArguments) {
  EXPECT_THAT([] { partition_iid(10, 0, 1); },
              ::testing::ThrowsMessage<std::invalid_argument>(HasSubstr("num_clients must be >= 1")));
  EXPECT_THROW(partition_iid(-1, 2, 1), std::invalid_argument);
}

// ---- Dirichlet label skew ----

TEST(PartitionDirichlet, CoversAllSamplesAndIsDeterministicPerSeed) {
  const std::vector<int> labels = balanced_labels(10, 300);
  for (double alpha : {0.1, 1.0, 100.0}) {
    const Shards shards = partition_dirichlet(labels, 10, 20, alpha, 5, 3);
    ASSERT_EQ(shards.size(), 20u);
    expect_valid_partition(shards, 3000);
    EXPECT_EQ(shards, partition_dirichlet(labels, 10, 20, alpha, 5, 3));
    EXPECT_NE(shards, partition_dirichlet(labels, 10, 20, alpha, 5, 4));
  }
}

TEST(PartitionDirichlet, SmallAlphaSkewsLabelsFarMoreThanLargeAlphaOrIid) {
  const std::vector<int> labels = balanced_labels(10, 600);
  const double skew_small = mean_label_skew(partition_dirichlet(labels, 10, 20, 0.1, 10, 5), labels, 10);
  const double skew_large = mean_label_skew(partition_dirichlet(labels, 10, 20, 100.0, 10, 5), labels, 10);
  const double skew_iid = mean_label_skew(partition_iid(6000, 20, 5), labels, 10);
  EXPECT_GT(skew_small, 0.5);
  EXPECT_LT(skew_large, 0.15);
  EXPECT_LT(skew_iid, 0.15);
  EXPECT_GT(skew_small, 4 * std::max(skew_large, skew_iid));
}

TEST(PartitionDirichlet, EveryClientGetsAtLeastMinSamples) {
  const std::vector<int> labels = balanced_labels(10, 600);
  for (uint64_t seed = 0; seed < 5; ++seed) {
    EXPECT_GE(min_size(partition_dirichlet(labels, 10, 20, 0.1, 10, seed)), 10u) << "seed " << seed;
  }
}

TEST(PartitionDirichlet, ScalesToTenThousandClients) {
  const std::vector<int> labels = balanced_labels(10, 6000);
  const Shards shards = partition_dirichlet(labels, 10, 10000, 0.5, 0, 1);
  ASSERT_EQ(shards.size(), 10000u);
  expect_valid_partition(shards, 60000);
}

TEST(PartitionDirichlet, RejectsInvalidArguments) {
  const std::vector<int> labels = balanced_labels(3, 10);
  EXPECT_THROW(partition_dirichlet(labels, 3, 0, 1.0, 0, 1), std::invalid_argument);
  EXPECT_THROW(partition_dirichlet(labels, 0, 2, 1.0, 0, 1), std::invalid_argument);
  EXPECT_THAT([&] { partition_dirichlet(labels, 3, 2, 0.0, 0, 1); },
              ::testing::ThrowsMessage<std::invalid_argument>(HasSubstr("alpha must be positive")));
  EXPECT_THROW(partition_dirichlet(labels, 3, 2, -1.0, 0, 1), std::invalid_argument);
  EXPECT_THROW(partition_dirichlet(labels, 3, 2, std::nan(""), 0, 1), std::invalid_argument);
  EXPECT_THROW(partition_dirichlet(labels, 3, 2, 1.0, -1, 1), std::invalid_argument);
  EXPECT_THAT([&] { partition_dirichlet(labels, 3, 4, 1.0, 8, 1); },
              ::testing::ThrowsMessage<std::invalid_argument>(
                  HasSubstr("cannot give each of 4 clients 8 samples out of 30")));
  EXPECT_THAT(
      [&] {
        partition_dirichlet({0, 1, 5}, 3, 2, 1.0, 0, 1);
      },
      ::testing::ThrowsMessage<std::invalid_argument>(
          HasSubstr("label 5 at index 2 is out of range [0, 3)")));
}

TEST(PartitionDirichlet, GivesUpWhenMinSamplesIsUnreachableAtThatAlpha) {
  // Possible in principle (300 samples, 300 clients x 1), but tiny alpha concentrates each
  // class on a few clients.
  const std::vector<int> labels = balanced_labels(10, 30);
  EXPECT_THAT(
      [&] { partition_dirichlet(labels, 10, 300, 0.01, 1, 1); },
      ::testing::ThrowsMessage<std::invalid_argument>(HasSubstr("increase alpha or lower min_samples")));
}

// ---- Shards per client ----

TEST(PartitionShards, CoversAllSamplesAndIsDeterministicPerSeed) {
  const std::vector<int> labels = balanced_labels(10, 101);
  const Shards shards = partition_shards(labels, 30, 3, 9);
  ASSERT_EQ(shards.size(), 30u);
  expect_valid_partition(shards, 1010);
  EXPECT_EQ(shards, partition_shards(labels, 30, 3, 9));
  EXPECT_NE(shards, partition_shards(labels, 30, 3, 10));
}

TEST(PartitionShards, EachClientHoldsAtMostShardsPerClientLabelsWhenShardsAlignWithClasses) {
  // 10 classes x 600 samples cut into 100 x 2 shards of 30: every shard lies inside one class.
  const std::vector<int> labels = balanced_labels(10, 600);
  for (int shards_per_client : {1, 2, 3}) {
    const Shards shards = partition_shards(labels, 100, shards_per_client, 2);
    for (const auto& shard : shards) {
      std::set<int> distinct;
      for (int64_t i : shard) distinct.insert(labels[i]);
      EXPECT_LE(distinct.size(), static_cast<size_t>(shards_per_client));
      EXPECT_EQ(shard.size(), 6000u / 100);
    }
  }
}

TEST(PartitionShards, UnevenSplitGivesPieceSizesDifferingByAtMostOne) {
  const Shards shards = partition_shards(balanced_labels(4, 26), 7, 2, 1);  // 104 samples, 14 pieces.
  expect_valid_partition(shards, 104);
  for (const auto& shard : shards) {
    EXPECT_GE(shard.size(), 14u);  // Two pieces of 7 or 8.
    EXPECT_LE(shard.size(), 16u);
  }
}

TEST(PartitionShards, ScalesToTenThousandClients) {
  const Shards shards = partition_shards(balanced_labels(10, 6000), 10000, 2, 1);
  expect_valid_partition(shards, 60000);
  EXPECT_EQ(min_size(shards), 6u);
}

TEST(PartitionShards, RejectsInvalidArguments) {
  const std::vector<int> labels = balanced_labels(2, 10);
  EXPECT_THROW(partition_shards(labels, 0, 2, 1), std::invalid_argument);
  EXPECT_THROW(partition_shards(labels, 2, 0, 1), std::invalid_argument);
  EXPECT_THAT(
      [&] { partition_shards(labels, 7, 3, 1); },
      ::testing::ThrowsMessage<std::invalid_argument>(HasSubstr("needs at least 21 samples, got 20")));
}

// ---- Quantity skew ----

TEST(PartitionQuantitySkew, CoversAllSamplesAndIsDeterministicPerSeed) {
  const Shards shards = partition_quantity_skew(2000, 25, 0.5, 4, 11);
  ASSERT_EQ(shards.size(), 25u);
  expect_valid_partition(shards, 2000);
  EXPECT_EQ(shards, partition_quantity_skew(2000, 25, 0.5, 4, 11));
  EXPECT_NE(shards, partition_quantity_skew(2000, 25, 0.5, 4, 12));
}

TEST(PartitionQuantitySkew, SmallAlphaVariesSizesFarMoreThanIid) {
  const double cv_skew = size_cv(partition_quantity_skew(10000, 50, 0.5, 5, 3));
  const double cv_large_alpha = size_cv(partition_quantity_skew(10000, 50, 1000.0, 5, 3));
  const double cv_iid = size_cv(partition_iid(10000, 50, 3));
  EXPECT_GT(cv_skew, 0.7);
  EXPECT_LT(cv_large_alpha, 0.1);
  EXPECT_EQ(cv_iid, 0.0);
}

TEST(PartitionQuantitySkew, EveryClientGetsAtLeastMinSamples) {
  for (uint64_t seed = 0; seed < 5; ++seed) {
    const Shards shards = partition_quantity_skew(1000, 40, 0.1, 20, seed);
    expect_valid_partition(shards, 1000);
    EXPECT_GE(min_size(shards), 20u) << "seed " << seed;
  }
  // min_samples * clients == samples leaves no freedom.
  for (const auto& shard : partition_quantity_skew(100, 10, 0.1, 10, 1)) EXPECT_EQ(shard.size(), 10u);
}

TEST(PartitionQuantitySkew, LabelProportionsStayCloseToGlobal) {
  const std::vector<int> labels = balanced_labels(10, 1000);
  const Shards shards = partition_quantity_skew(10000, 20, 0.5, 5, 8);
  const std::vector<double> global(10, 0.1);
  int checked = 0;
  for (const auto& shard : shards) {
    if (shard.size() < 300) continue;
    EXPECT_LT(total_variation(label_distribution(shard, labels, 10), global), 0.15);
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

TEST(PartitionQuantitySkew, ScalesToTenThousandClients) {
  const Shards shards = partition_quantity_skew(60000, 10000, 0.5, 2, 1);
  expect_valid_partition(shards, 60000);
  EXPECT_GE(min_size(shards), 2u);
}

TEST(PartitionQuantitySkew, RejectsInvalidArguments) {
  EXPECT_THROW(partition_quantity_skew(100, 0, 1.0, 0, 1), std::invalid_argument);
  EXPECT_THROW(partition_quantity_skew(100, 5, 0.0, 0, 1), std::invalid_argument);
  EXPECT_THROW(partition_quantity_skew(100, 5, std::numeric_limits<double>::infinity(), 0, 1),
               std::invalid_argument);
  EXPECT_THROW(partition_quantity_skew(-5, 5, 1.0, 0, 1), std::invalid_argument);
  EXPECT_THROW(partition_quantity_skew(100, 5, 1.0, -1, 1), std::invalid_argument);
  EXPECT_THAT([] { partition_quantity_skew(100, 11, 1.0, 10, 1); },
              ::testing::ThrowsMessage<std::invalid_argument>(
                  HasSubstr("cannot give each of 11 clients 10 samples out of 100")));
}

}  // namespace
}  // namespace fedsec::fl
