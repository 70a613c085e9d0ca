// The DCGAN prior: stage entry points, checkpoints and deterministic training.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "attacks/inversion/dcgan.h"
#include "attacks/inversion/generator_training.h"
#include "attacks/inversion/image_domain.h"
#include "attacks/inversion_support.h"
#include "fl/errors.h"
#include "fl/idx_file.h"

namespace fedsec::attacks {
namespace {

DcganGenerator tiny_generator(uint64_t seed = 1) { return DcganGenerator({16, 4}, seed); }

TEST(Dcgan, EveryStageEntryGivesTheSameImage) {
  const auto generator = tiny_generator();
  const auto z = torch::randn({3, 16}, at::detail::createCPUGenerator(2));
  const auto image = generator.generate(z);
  EXPECT_EQ(image.sizes(), (std::vector<int64_t>{3, 1, 32, 32}));
  EXPECT_LE(image.abs().max().item<float>(), 1.0f);
  const std::vector<std::vector<int64_t>> shapes{{3, 16, 1, 1}, {3, 16, 4, 4}, {3, 8, 8, 8}, {3, 4, 16, 16}};
  for (int k = 0; k < DcganGenerator::kBlocks; ++k) {
    const auto h = generator.stage_input(z, k);
    EXPECT_EQ(h.sizes(), shapes[static_cast<size_t>(k)]) << k;
    EXPECT_TRUE(torch::equal(generator.forward_from(h, k), image)) << k;
  }
}

TEST(Dcgan, ImageDomainRoundTrip) {
  const auto unit = testing::smooth_unit_images(2, 3);
  EXPECT_TRUE(torch::allclose(generator_to_unit(unit_to_generator(unit)), unit, 1e-6, 1e-6));
}

TEST(Dcgan, CheckpointRoundTripAndBadFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "fedsec_dcgan_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "g.bin").string();
  const auto generator = tiny_generator(5);
  GeneratorProvenance provenance{{0, 1, 2}, 3, 42};
  generator.save(path, provenance);
  GeneratorProvenance read;
  const auto loaded = DcganGenerator::load(path, &read);
  EXPECT_EQ(read.classes, provenance.classes);
  EXPECT_EQ(read.epochs, 3);
  EXPECT_EQ(read.seed, 42u);
  const auto z = torch::randn({2, 16}, at::detail::createCPUGenerator(9));
  EXPECT_TRUE(torch::equal(loaded.generate(z), generator.generate(z)));

  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& content) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  };
  write(bytes.substr(0, bytes.size() - 7));
  EXPECT_THROW(DcganGenerator::load(path), fl::DataFileError);
  write(bytes + "x");
  EXPECT_THROW(DcganGenerator::load(path), fl::DataFileError);
  write("not a checkpoint\n");
  EXPECT_THROW(DcganGenerator::load(path), fl::DataFileError);
  EXPECT_THROW(DcganGenerator::load((dir / "missing.bin").string()), fl::DataFileError);
  std::filesystem::remove_all(dir);
}

TEST(GeneratorTraining, SameSeedSameGeneratorAndClassFilter) {
  const auto images = testing::smooth_unit_images(48, 1);
  const auto labels = torch::arange(48, torch::kInt64).remainder(10);
  GeneratorTrainingOptions options;
  options.dcgan = {16, 4};
  options.discriminator_width = 4;
  options.epochs = 2;
  options.batch_size = 8;
  options.seed = 3;
  int64_t last_step = 0;
  const auto a =
      train_generator(images, labels, options, [&](int64_t step, int64_t total, double d, double g) {
        EXPECT_EQ(total, 12);
        EXPECT_TRUE(std::isfinite(d) && std::isfinite(g));
        last_step = step;
      });
  EXPECT_EQ(last_step, 12);
  const auto b = train_generator(images, labels, options);
  const auto z = torch::randn({4, 16}, at::detail::createCPUGenerator(0));
  EXPECT_TRUE(torch::equal(a.generate(z), b.generate(z)));
  EXPECT_FALSE(torch::equal(a.generate(z), tiny_generator(0).generate(z)));
  options.seed = 4;
  EXPECT_FALSE(torch::equal(a.generate(z), train_generator(images, labels, options).generate(z)));
  options.classes = {0};  // 5 images of class 0: fewer than one batch of 8
  EXPECT_THROW(train_generator(images, labels, options), UsageError);
}

}  // namespace
}  // namespace fedsec::attacks
