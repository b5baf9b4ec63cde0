// The sensitivity plan (host/reproduce/sensitivity_plan.hpp): what is shared between variants (models,
// chains, predictions), the keys that name cached results, and the variant names and seed lists.
#include <gtest/gtest.h>

#include <set>

#include "host/core/error.hpp"
#include "host/reproduce/sensitivity.hpp"
#include "host/reproduce/sensitivity_plan.hpp"
#include "tests/support/test_support.hpp"

namespace rbmdyn {
namespace {

SensitivityGrid grid(const std::string& variants) {
  SensitivityGrid g;
  g.variants = parse_variants(variants);
  g.rbm_seeds = {1, 2};
  g.classifier_seeds = {1, 2, 3};
  return g;
}

int cells_of(const SensitivityPlan& p, const std::string& variant) {
  return static_cast<int>(std::count_if(p.cells.begin(), p.cells.end(),
                                        [&](const PlannedCell& c) { return c.variant == variant; }));
}

TEST(SensitivityPlan, SharesModelsChainsAndPredictions) {
  const SensitivityPlan p =
      plan_sensitivity(grid("nondigit-unit,resize-bilinear,k-149,transitions-changes,classifier-small"));
  // RBMs: one per seed (no variant touches the RBM). Classifiers: default and non-digit-unit, 3 seeds each
  // (the sample resize, k, metrics and the default's own architecture reuse the default's).
  EXPECT_EQ(p.rbms.size(), 2u);
  EXPECT_EQ(p.classifiers.size(), 6u);
  // Chains: the default's per RBM seed, and k = 149's per RBM seed.
  ASSERT_EQ(p.chain_runs.size(), 4u);
  // The default's chains are labelled by 3 default + 3 non-digit-unit + 3 bilinear views; k = 149 by the
  // first classifier seed only (a chain-level variant).
  EXPECT_EQ(p.chain_runs[0].views.size(), 9u);
  EXPECT_EQ(p.chain_runs[1].views.size(), 9u);
  EXPECT_EQ(p.chain_runs[2].views.size(), 1u);
  EXPECT_EQ(p.view_count(), 20u);
  EXPECT_EQ(cells_of(p, "default"), 6);
  EXPECT_EQ(cells_of(p, "nondigit-unit"), 6);
  EXPECT_EQ(cells_of(p, "resize-bilinear"), 6);
  EXPECT_EQ(cells_of(p, "k-149"), 2);
  EXPECT_EQ(cells_of(p, "transitions-changes"), 6);
  EXPECT_EQ(cells_of(p, "classifier-small"), 2);
  // A metrics variant reads the default's predictions: same chain run and view, other conventions.
  for (std::size_t i = 0; i < p.cells.size(); ++i) {
    const PlannedCell& c = p.cells[i];
    if (c.variant != "transitions-changes") continue;
    const auto same = std::find_if(p.cells.begin(), p.cells.end(), [&](const PlannedCell& d) {
      return d.variant == "default" && d.rbm_seed == c.rbm_seed && d.classifier_seed == c.classifier_seed;
    });
    ASSERT_NE(same, p.cells.end());
    EXPECT_EQ(c.chain_run, same->chain_run);
    EXPECT_EQ(c.view, same->view);
    EXPECT_TRUE(c.config.conventions.transitions_as_changes);
  }
}

TEST(SensitivityPlan, AllClassifierSeedsOnRequest) {
  SensitivityGrid g = grid("k-149,momentum-switch-5");
  g.all_classifier_seeds = true;
  const SensitivityPlan p = plan_sensitivity(g);
  EXPECT_EQ(cells_of(p, "k-149"), 6);
  EXPECT_EQ(cells_of(p, "momentum-switch-5"), 6);
  EXPECT_EQ(p.rbms.size(), 4u);  // momentum 5 trains its own RBMs
  EXPECT_EQ(p.chain_runs.size(), 6u);
}

TEST(SensitivityKeys, NameEverythingThatChangesAResult) {
  const StudyConfig base;
  StudyConfig unit = base;
  unit.nondigit_scale = NondigitScale::unit;
  StudyConfig quick = base;
  quick.quick = true;
  StudyConfig bilinear = base;
  bilinear.sample_resize = SampleResize::bilinear;
  StudyConfig sampled = base;
  sampled.visible = VisibleMode::sampled;
  EXPECT_EQ(classifier_key(base, 1), classifier_key(StudyConfig{}, 1));
  const std::set<std::string> classifiers = {classifier_key(base, 1), classifier_key(base, 2),
                                             classifier_key(unit, 1), classifier_key(quick, 1)};
  EXPECT_EQ(classifiers.size(), 4u);
  EXPECT_EQ(classifier_key(bilinear, 1), classifier_key(base, 1));  // same model, other view
  EXPECT_NE(view_key(bilinear, 1), view_key(base, 1));
  EXPECT_EQ(rbm_key(sampled, 1), rbm_key(base, 1));
  EXPECT_NE(chains_key(sampled, 1), chains_key(base, 1));
  EXPECT_NE(rbm_key(quick, 1), rbm_key(base, 1));
  EXPECT_EQ(classifier_key(base, 1).rfind("small-255-s1-", 0), 0u) << classifier_key(base, 1);
}

TEST(SensitivityVariants, NamesAndErrors) {
  EXPECT_EQ(named_variant("classifier-epochs-12").level, VariantLevel::classifier);
  StudyConfig c = apply_variant(StudyConfig{}, named_variant("classifier-epochs-12"));
  EXPECT_EQ(classifier_train_config(c, 1).epochs, 12);
  EXPECT_THROW(named_variant("classifier-epochs-0"), InputError);
  EXPECT_THROW(named_variant("nondigit-scale"), InputError);
  EXPECT_THROW(parse_variants("k-149,k-149"), InputError);
  EXPECT_THROW(parse_variants("k-149,,visible-sampled"), InputError);
  const std::vector<Variant> v = parse_variants("default,k-149");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].name, "default");
  // The default grid on the CPU: every variant that applies, no paper architecture (hours there).
  const std::vector<std::string> names = default_variant_names(StudyConfig{}, false);
  EXPECT_EQ(std::count(names.begin(), names.end(), "classifier-paper"), 0);
  EXPECT_EQ(std::count(names.begin(), names.end(), "classifier-small"), 0);  // the default already
  EXPECT_EQ(std::count(names.begin(), names.end(), "classifier-mid"), 1);
  EXPECT_EQ(std::count(names.begin(), names.end(), "classifier-epochs-12"), 1);  // twice the recipe's 6
  StudyConfig paper;
  paper.classifier_arch = "paper";
  const std::vector<std::string> gpu = default_variant_names(paper, true);
  EXPECT_EQ(std::count(gpu.begin(), gpu.end(), "classifier-small"), 1);
  EXPECT_EQ(std::count(gpu.begin(), gpu.end(), "classifier-paper"), 0);
}

TEST(SensitivityGrid, RejectsBadSeedLists) {
  SensitivityGrid g = grid("k-149");
  g.rbm_seeds = {};
  EXPECT_THROW(plan_sensitivity(g), InputError);
  g.rbm_seeds = {1, 1};
  EXPECT_THROW(plan_sensitivity(g), InputError);
}

// --plan is how a GPU grid is sized before a GPU window: it must need neither a device nor MNIST, and
// write nothing.
TEST(SensitivityRun, PlanNeedsNoDeviceNorDataAndWritesNothing) {
  SensitivityOptions o;
  o.grid = grid("k-149,visible-sampled");
  o.classifier_arch = "paper";
  o.backend = Backend::cuda;
  o.plan_only = true;
  o.out = test::temp_dir() / "plan";
  const SensitivityRun r = run_sensitivity(o);
  // 3 variants × 2 RBM seeds, the chain-level ones with the first classifier seed, the default with all 3.
  EXPECT_EQ(r.plan.cells.size(), 6u + 2u + 2u);
  EXPECT_EQ(r.plan.chain_runs.size(), 6u);
  EXPECT_FALSE(std::filesystem::exists(o.out));
}

}  // namespace
}  // namespace rbmdyn
