// text, json and github renderers; SARIF is in format_sarif.cc.
#include "lint/format.h"

#include "lint/json_writer.h"
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

// The JSON keys of each object are written in sorted order (the order this
// format has always had); see json_writer.h.
std::string FormatJson(const LintReport& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("findings");
  w.BeginArray();
  for (const auto& f : r.findings) {
    w.BeginObject();
    w.Number("column", f.column);
    w.String("file", f.file.string());
    w.Number("line", f.line);
    w.String("message", f.message);
    w.String("migration", f.migration);
    w.String("rule", f.rule);
    w.String("severity", SeverityName(f.severity));
    w.String("statement", f.statement);
    w.EndObject();
  }
  w.EndArray();
  w.Key("migrations");
  w.BeginArray();
  for (const auto& m : r.migrations) {
    w.BeginObject();
    w.Strings("classes", ClassList(m.classes));
    w.String("id", m.id);
    w.Key("statements");
    w.BeginArray();
    for (const auto& s : m.statements) {
      w.BeginObject();
      w.Strings("classes", ClassList(s.classes));
      w.Number("line", s.line);
      w.String("lock", s.lock);
      w.Strings("notes", s.notes);
      w.String("text", s.text);
      w.EndObject();
    }
    w.EndArray();
    w.String("verdict", HeadlineClass(m.classes));
    w.EndObject();
  }
  w.EndArray();
  if (!r.suggested_downs.empty()) {
    w.Key("suggested_downs");
    w.BeginArray();
    for (const auto& d : r.suggested_downs) {
      w.BeginObject();
      w.Bool("complete", d.complete);
      w.String("migration", d.migration);
      w.String("sql", d.sql);
      w.String("up_file", d.up_file.string());
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("summary");
  w.BeginObject();
  w.Number("errors", Count(r, Severity::kError));
  w.Number("files", r.files);
  w.Number("notes", Count(r, Severity::kInfo));
  w.Number("statements", r.statements);
  w.Number("suppressed", r.suppressed);
  w.Number("warnings", Count(r, Severity::kWarning));
  w.EndObject();
  w.EndObject();
  return w.Take();
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
