#include "lint/json_writer.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace wayback::lint {

// The lint JSON format was nlohmann::json's dump(2); the writer keeps it byte for byte.
TEST(JsonWriter, LaysOutLikeNlohmannDump) {
  JsonWriter w;
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.BeginObject();
  w.Number("n", -42);
  w.Strings("none", {});
  w.Strings("some", {"x", "y"});
  w.EndObject();
  w.BeginObject();
  w.EndObject();
  w.EndArray();
  w.Bool("b", true);
  w.Key("c");
  w.BeginObject();
  w.Bool("f", false);
  w.EndObject();
  w.String("s", "text");
  w.EndObject();
  nlohmann::json doc = {{"a", {{{"n", -42}, {"none", nlohmann::json::array()}, {"some", {"x", "y"}}},
                               nlohmann::json::object()}},
                        {"b", true},
                        {"c", {{"f", false}}},
                        {"s", "text"}};
  EXPECT_EQ(w.Take(), doc.dump(2) + "\n");
}

TEST(JsonWriter, EscapesLikeNlohmannDump) {
  std::string text = "quote \" backslash \\ \b\f\n\r\t \x01\x1f \x7f caf\xc3\xa9 \xf0\x9f\x98\x80 end";
  JsonWriter w;
  w.String(text);
  EXPECT_EQ(w.Take(), nlohmann::json(text).dump(2) + "\n");
}

TEST(JsonWriter, ReplacesBytesThatAreNotUtf8) {
  JsonWriter w;
  w.BeginArray();
  w.String("a\xff" "b");            // not a UTF-8 byte
  w.String("\xc3");                 // truncated sequence
  w.String("\xe0\x80\x80");         // overlong
  w.String("\xed\xa0\x80");         // surrogate
  w.EndArray();
  EXPECT_EQ(w.Take(),
            "[\n  \"a\xEF\xBF\xBD" "b\",\n  \"\xEF\xBF\xBD\",\n"
            "  \"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\",\n  \"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"\n]\n");
}

}  // namespace wayback::lint
