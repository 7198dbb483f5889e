#include "util/text_array.h"

namespace wayback::util {

// array_out's rules: elements are separated by ','; one is double-quoted
// (with '\' escaping '"' and '\') when it is empty, is "NULL" spelled in any
// case, or holds a brace, comma, quote, backslash or white space; an unquoted
// NULL is the null element.
std::optional<std::vector<std::optional<std::string>>> ParseTextArray(std::string_view text) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return std::nullopt;
  std::vector<std::optional<std::string>> out;
  if (text.size() == 2) return out;
  size_t i = 1;
  const size_t end = text.size() - 1;
  while (true) {
    std::string element;
    bool quoted = i < end && text[i] == '"';
    if (quoted) {
      for (++i; i < end && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < end) ++i;
        element += text[i];
      }
      if (i >= end) return std::nullopt;  // no closing quote
      ++i;
    } else {
      size_t start = i;
      while (i < end && text[i] != ',') ++i;
      element.assign(text.substr(start, i - start));
      if (element.empty() || element.front() == '{') return std::nullopt;
    }
    if (!quoted && element == "NULL") {
      out.emplace_back(std::nullopt);
    } else {
      out.emplace_back(std::move(element));
    }
    if (i == end) return out;
    if (text[i] != ',') return std::nullopt;
    ++i;
  }
}

std::vector<std::string> TextArrayElements(std::string_view text) {
  std::vector<std::string> out;
  for (auto& element : ParseTextArray(text).value_or(std::vector<std::optional<std::string>>{})) {
    out.push_back(std::move(element).value_or(""));
  }
  return out;
}

}  // namespace wayback::util
