#include "journal/sql_text.h"

#include <cstdio>
#include <cstdlib>

namespace wayback::journal {

std::string JsonPath(std::string_view key) {
  std::string escaped;
  for (char c : key) {
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return QuoteLiteral("$.\"" + escaped + "\"");
}

std::string Expand(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, open - i));
    std::string key(text.substr(open + 2, close - open - 2));
    auto it = values.find(key);
    if (it == values.end()) {
      std::fprintf(stderr, "wayback: internal error: no value for {{%s}} in a journal query\n", key.c_str());
      std::abort();
    }
    out += it->second;
    i = close + 2;
  }
  return out;
}

}  // namespace wayback::journal
