#include "util/strings.h"

#include <gtest/gtest.h>

namespace wayback::util {

TEST(CompareVersions, ComparesNumericallyRegardlessOfPadding) {
  EXPECT_EQ(CompareVersions("0010", "9"), 1);
  EXPECT_EQ(CompareVersions("0002", "2"), 0);
  EXPECT_EQ(CompareVersions("20260101120000", "0042"), 1);
  EXPECT_EQ(CompareVersions("1", "2"), -1);
}

TEST(LineOfOffset, CountsNewlinesBeforeOffset) {
  EXPECT_EQ(LineOfOffset("a\nb\nc", 0), 1);
  EXPECT_EQ(LineOfOffset("a\nb\nc", 2), 2);
  EXPECT_EQ(LineOfOffset("a\nb\nc", 4), 3);
}

}  // namespace wayback::util
