// text, json and github renderers; SARIF is in format_sarif.cc.
#include "lint/format.h"

#include <nlohmann/json.hpp>

#include "util/strings.h"

namespace wayback::lint {
namespace {

std::string Paint(bool color, const char* code, const std::string& text) {
  return color ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

const char* SeverityColor(Severity s) { return s == Severity::kError ? "31" : s == Severity::kWarning ? "33" : "36"; }

std::vector<std::string> ClassList(ChangeClasses c) {
  std::vector<std::string> out;
  std::string names = ChangeClassNames(c);
  size_t start = 0;
  while (start < names.size()) {
    size_t comma = names.find(", ", start);
    out.push_back(names.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return out;
}

// GitHub workflow commands escape %, CR and LF in data, and also : and , in properties.
std::string EscapeData(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}

std::string EscapeProperty(const std::string& s) {
  std::string out;
  for (char c : EscapeData(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

size_t Count(const LintReport& r, Severity s) {
  size_t n = 0;
  for (const auto& f : r.findings) n += f.severity == s;
  return n;
}

}  // namespace

std::string FormatText(const LintReport& r, bool color) {
  std::string out;
  for (const auto& f : r.findings) {
    out += Paint(color, "1", f.file.string() + ":" + std::to_string(f.line) + ":" + std::to_string(f.column)) + ": " +
           Paint(color, SeverityColor(f.severity), std::string(SeverityName(f.severity)) + "[" + f.rule + "]") +
           ": " + f.message + "\n";
    if (!f.statement.empty()) {
      std::string first = f.statement.substr(0, f.statement.find('\n'));
      std::string num = std::to_string(f.line);
      out += "  " + num + " | " + first + "\n";
      out += "  " + std::string(num.size(), ' ') + " | " + std::string(static_cast<size_t>(f.column - 1), ' ') +
             Paint(color, SeverityColor(f.severity), "^") + "\n";
    }
  }
  for (const auto& m : r.migrations) {
    std::string rest;
    for (const auto& c : ClassList(m.classes)) {
      if (c != HeadlineClass(m.classes)) rest += (rest.empty() ? "" : ", ") + c;
    }
    out += Paint(color, "1", m.id) + ": " + HeadlineClass(m.classes) + (rest.empty() ? "" : " (" + rest + ")") + "\n";
    for (const auto& s : m.statements) {
      if (s.classes == 0 || s.classes == kReversible) continue;
      out += "  line " + std::to_string(s.line) + ": " + ChangeClassNames(s.classes) + " — " +
             util::Join(s.notes, "; ") + "\n";
    }
  }
  for (const auto& d : r.suggested_downs) out += "\n" + d.sql;
  out += std::to_string(Count(r, Severity::kError)) + " errors, " + std::to_string(Count(r, Severity::kWarning)) +
         " warnings, " + std::to_string(Count(r, Severity::kInfo)) + " notes in " + std::to_string(r.files) +
         " files (" + std::to_string(r.statements) + " statements)" +
         (r.suppressed ? ", " + std::to_string(r.suppressed) + " allowed" : "") + "\n";
  return out;
}

std::string FormatJson(const LintReport& r) {
  using nlohmann::json;
  json findings = json::array();
  for (const auto& f : r.findings) {
    findings.push_back({{"rule", f.rule}, {"severity", SeverityName(f.severity)}, {"message", f.message},
                        {"file", f.file.string()}, {"line", f.line}, {"column", f.column},
                        {"statement", f.statement}, {"migration", f.migration}});
  }
  json migrations = json::array();
  for (const auto& m : r.migrations) {
    json statements = json::array();
    for (const auto& s : m.statements) {
      statements.push_back({{"line", s.line}, {"text", s.text}, {"classes", ClassList(s.classes)},
                            {"lock", s.lock}, {"notes", s.notes}});
    }
    migrations.push_back({{"id", m.id}, {"verdict", HeadlineClass(m.classes)}, {"classes", ClassList(m.classes)},
                          {"statements", statements}});
  }
  json doc = {{"findings", findings},
              {"migrations", migrations},
              {"summary",
               {{"files", r.files}, {"statements", r.statements}, {"errors", Count(r, Severity::kError)},
                {"warnings", Count(r, Severity::kWarning)}, {"notes", Count(r, Severity::kInfo)},
                {"suppressed", r.suppressed}}}};
  if (!r.suggested_downs.empty()) {
    json downs = json::array();
    for (const auto& d : r.suggested_downs) {
      downs.push_back({{"migration", d.migration}, {"up_file", d.up_file.string()}, {"sql", d.sql},
                       {"complete", d.complete}});
    }
    doc["suggested_downs"] = downs;
  }
  return doc.dump(2) + "\n";
}

std::string FormatGithub(const LintReport& r) {
  std::string out;
  for (const auto& f : r.findings) {
    const char* level = f.severity == Severity::kError ? "error" : f.severity == Severity::kWarning ? "warning" : "notice";
    out += std::string("::") + level + " file=" + EscapeProperty(f.file.string()) + ",line=" + std::to_string(f.line) +
           ",col=" + std::to_string(f.column) + ",title=" + EscapeProperty("wayback " + f.rule) + "::" +
           EscapeData(f.message) + "\n";
  }
  return out;
}

}  // namespace wayback::lint
