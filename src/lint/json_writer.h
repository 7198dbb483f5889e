// Streams JSON text straight into a string, in the layout of nlohmann::json's
// dump(2): reports of thousands of findings are written in one pass instead of
// through a document tree of maps and copies. Callers write object keys in
// sorted order, as a dumped nlohmann::json object has them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wayback::lint {

class JsonWriter {
 public:
  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  // The key of the next value of the open object.
  void Key(std::string_view key);

  void String(std::string_view s);
  void Number(int64_t n);
  void Bool(bool b);
  void Strings(const std::vector<std::string>& list);

  // "key": value, in the open object.
  void String(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void Number(std::string_view key, int64_t n) {
    Key(key);
    Number(n);
  }
  void Bool(std::string_view key, bool b) {
    Key(key);
    Bool(b);
  }
  void Strings(std::string_view key, const std::vector<std::string>& list) {
    Key(key);
    Strings(list);
  }

  // The text written so far, ending in a newline as dump(2) + "\n" does.
  std::string Take();

 private:
  void Open(char bracket);
  void Close(char bracket);
  // Separator and indentation before a value (none right after a key).
  void BeforeValue();
  void Quote(std::string_view s);

  std::string out_;
  std::vector<bool> has_items_;  // per open object or array
  bool after_key_ = false;
};

}  // namespace wayback::lint
