#include "lint/json_writer.h"

#include <cstdio>

namespace wayback::lint {
namespace {

// Length of the well-formed UTF-8 sequence at the start of `s` (Unicode 15,
// table 3-7: no overlong forms, no surrogates), or 0 when there is none.
size_t Utf8Length(std::string_view s) {
  auto byte = [&](size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  unsigned lead = byte(0);
  size_t n = 0;
  unsigned low = 0x80, high = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (byte(1) < low || byte(1) > high) return 0;
  for (size_t i = 2; i < n; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

void JsonWriter::Open(char bracket) {
  BeforeValue();
  out_ += bracket;
  has_items_.push_back(false);
}

void JsonWriter::Close(char bracket) {
  if (has_items_.back()) {
    out_ += '\n';
    out_.append(2 * (has_items_.size() - 1), ' ');
  }
  out_ += bracket;
  has_items_.pop_back();
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_items_.empty()) return;  // the top-level value
  out_ += has_items_.back() ? ",\n" : "\n";
  has_items_.back() = true;
  out_.append(2 * has_items_.size(), ' ');
}

void JsonWriter::Key(std::string_view key) {
  BeforeValue();
  Quote(key);
  out_ += ": ";
  after_key_ = true;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  Quote(s);
}

void JsonWriter::Number(int64_t n) {
  BeforeValue();
  out_ += std::to_string(n);
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  out_ += b ? "true" : "false";
}

void JsonWriter::Strings(const std::vector<std::string>& list) {
  BeginArray();
  for (const auto& s : list) String(s);
  EndArray();
}

std::string JsonWriter::Take() {
  out_ += '\n';
  return std::move(out_);
}

// Escapes as nlohmann::json does without ensure_ascii: the short escapes, \u00XX
// for other control characters, everything else as is. A byte that is not
// part of well-formed UTF-8 becomes U+FFFD, so the output is always valid JSON.
void JsonWriter::Quote(std::string_view s) {
  out_ += '"';
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    size_t run = i;
    while (run < s.size()) {
      auto c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out_.append(s.data() + i, run - i);
    if ((i = run) == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = Utf8Length(s.substr(i));
      out_.append(n ? s.substr(i, n) : "\xEF\xBF\xBD");
      i += n ? n : 1;
      continue;
    }
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\b': out_ += "\\b"; break;
      case '\f': out_ += "\\f"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "\\u%04x", c);
        out_ += hex;
      }
    }
    ++i;
  }
  out_ += '"';
}

}  // namespace wayback::lint
