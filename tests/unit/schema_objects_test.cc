// SchemaObjects behaves as a std::map of its entries, whatever the chunks,
// and its copies never see each other's changes.
#include "wayback/schema_objects.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "wayback/snapshot.h"

namespace wayback {
namespace {

using Model = std::map<std::string, std::shared_ptr<SchemaObject>>;

void ExpectSame(const SchemaObjects& objects, const Model& model) {
  ASSERT_EQ(objects.size(), model.size());
  auto m = model.begin();
  for (const auto& [key, object] : objects) {
    ASSERT_NE(m, model.end());
    EXPECT_EQ(key, m->first);
    EXPECT_EQ(object, m->second);
    ++m;
  }
  for (const auto& [key, object] : model) {
    auto it = objects.find(key);
    ASSERT_NE(it, objects.end()) << key;
    EXPECT_EQ(it->second, object);
  }
}

TEST(SchemaObjects, ActsAsASortedMapThroughSplitsAndErasures) {
  SchemaObjects objects;
  Model model;
  std::mt19937 random(7);
  for (int step = 0; step < 5000; ++step) {
    std::string key = "k" + std::to_string(random() % 700);
    if (random() % 3 == 0) {
      EXPECT_EQ(objects.erase(key), model.erase(key)) << key;
    } else {
      auto object = std::make_shared<SchemaObject>();
      objects[key] = object;
      model[key] = object;
    }
  }
  ExpectSame(objects, model);
  for (const std::string key : {"k", "k1", "k350", "k699", "k7", "z"}) {
    auto a = objects.lower_bound(key);
    auto b = model.lower_bound(key);
    if (b == model.end()) {
      EXPECT_EQ(a, objects.end()) << key;
    } else {
      ASSERT_NE(a, objects.end()) << key;
      EXPECT_EQ(a->first, b->first);
    }
  }
}

TEST(SchemaObjects, CopiesAreIndependentAndShareWhatNeitherChanged) {
  SchemaObjects objects;
  for (int i = 0; i < 1000; ++i) objects["k" + std::to_string(1000 + i)] = std::make_shared<SchemaObject>();
  SchemaObjects copy = objects;
  copy.erase("k1500");
  copy["k1500x"] = std::make_shared<SchemaObject>();
  EXPECT_EQ(objects.count("k1500"), 1u);
  EXPECT_EQ(objects.count("k1500x"), 0u);
  EXPECT_EQ(copy.count("k1500"), 0u);
  // Chunks far from the change are still shared: the walk can skip them.
  size_t shared = 0;
  for (auto a = objects.begin(), b = copy.begin(); a != objects.end() && b != copy.end();) {
    if (a.SameChunkAs(b)) {
      ++shared;
      a = a.NextChunk();
      b = b.NextChunk();
    } else {
      break;
    }
  }
  EXPECT_GT(shared, 0u);
}

TEST(SchemaObjects, DiffIgnoresSharedChunksAndFindsTheChange) {
  SchemaSnapshot before;
  for (int i = 0; i < 500; ++i) before.Object("column", "t.c" + std::to_string(i)).attrs["type"] = "int";
  SchemaSnapshot after = before;
  after.Object("column", "t.c250").attrs["type"] = "text";
  after.objects.erase("column t.c7");
  auto changes = DiffSchemas(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].name, "t.c250");
  EXPECT_EQ(changes[0].type, ObjectChange::Type::kChanged);
  EXPECT_EQ(changes[1].name, "t.c7");
  EXPECT_EQ(changes[1].type, ObjectChange::Type::kRemoved);
  EXPECT_EQ(before.objects.find("column t.c250")->second->attrs["type"], "int");
}

}  // namespace
}  // namespace wayback
