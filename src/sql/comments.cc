#include "sql/comments.h"

namespace wayback::sql {

size_t LeadingCommentLength(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++i;
    } else if (text.substr(i, 2) == "--") {
      size_t nl = text.find('\n', i);
      i = nl == std::string_view::npos ? text.size() : nl + 1;
    } else if (text.substr(i, 2) == "/*") {
      int depth = 0;
      size_t j = i;
      while (j < text.size()) {
        if (text.substr(j, 2) == "/*") {
          ++depth;
          j += 2;
        } else if (text.substr(j, 2) == "*/") {
          j += 2;
          if (--depth == 0) break;
        } else {
          ++j;
        }
      }
      if (depth != 0) return i;  // unterminated: leave it to the parser to report
      i = j;
    } else {
      break;
    }
  }
  return i;
}

}  // namespace wayback::sql
