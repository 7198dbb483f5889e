#include "verify_report.h"

namespace wayback::cli {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

nlohmann::json VerifyJson(const VerifyReport& r) {
  nlohmann::json results = nlohmann::json::array();
  int failing = 0;
  for (const auto& v : r.results) {
    if (IsFailingVerdict(v.verdict)) ++failing;
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : v.findings) {
      findings.push_back({{"verdict", VerdictName(f.verdict)}, {"message", f.message}, {"details", f.details}});
    }
    nlohmann::json loss = nlohmann::json::array();
    for (const auto& d : v.data_loss) {
      loss.push_back({{"table", d.table}, {"column", d.column}, {"rows_before", d.rows_before},
                      {"rows_after", d.rows_after}, {"values_before", d.values_before},
                      {"values_after", d.values_after}, {"values_changed", d.values_changed}});
    }
    nlohmann::json seeding = nlohmann::json::array();
    for (const auto& s : v.seeding) {
      seeding.push_back({{"table", s.table}, {"inserted", s.inserted}, {"problem", s.problem}});
    }
    results.push_back({{"version", v.version}, {"name", v.name}, {"verdict", VerdictName(v.verdict)},
                       {"summary", v.Summary()}, {"up_checksum", v.up_checksum},
                       {"down_checksum", v.down_checksum}, {"findings", findings}, {"data_loss", loss},
                       {"seeding", seeding}, {"duration_ms", v.duration_ms}});
  }
  return {{"target", r.target}, {"scratch", r.scratch}, {"results", results}, {"notes", r.notes},
          {"failed", failing}, {"ok", !r.Failed()}};
}

std::string VerifyHtml(const VerifyReport& r) {
  std::string h =
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>wayback verify — " + Escape(r.target) +
      "</title>\n<style>body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#222}"
      "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
      ".reversible{color:#11751b}.lossy,.not-reappliable{color:#a15c00}.broken,.up-failed{color:#b00020}"
      ".irreversible{color:#555}pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}"
      "h2{margin-top:1.6em}</style></head><body>\n";
  h += "<h1>wayback verify — " + Escape(r.target) + "</h1>\n<p>on " + Escape(r.scratch) + "</p>\n";
  h += "<table><tr><th>migration</th><th>verdict</th><th>what was found</th><th>ms</th></tr>\n";
  for (const auto& v : r.results) {
    std::string name = VerdictName(v.verdict);
    h += "<tr><td><a href=\"#m" + Escape(v.version) + "\">" + Escape(v.Id()) + "</a></td><td class=\"" + name +
         "\">" + name + "</td><td>" + Escape(v.Summary()) + "</td><td>" + std::to_string(v.duration_ms) +
         "</td></tr>\n";
  }
  h += "</table>\n";
  for (const auto& n : r.notes) h += "<p>note: " + Escape(n) + "</p>\n";
  for (const auto& v : r.results) {
    std::string name = VerdictName(v.verdict);
    h += "<h2 id=\"m" + Escape(v.version) + "\">" + Escape(v.Id()) + " — <span class=\"" + name + "\">" + name +
         "</span></h2>\n";
    if (v.findings.empty()) h += "<p>up, down and up again restore schema and data.</p>\n";
    for (const auto& f : v.findings) {
      h += "<h3 class=\"" + std::string(VerdictName(f.verdict)) + "\">" + VerdictName(f.verdict) + ": " +
           Escape(f.message) + "</h3>\n";
      if (!f.details.empty()) {
        h += "<pre>";
        for (const auto& d : f.details) h += Escape(d) + "\n";
        h += "</pre>\n";
      }
    }
    if (!v.data_loss.empty()) {
      h += "<table><tr><th>table</th><th>column</th><th>rows before</th><th>rows after</th><th>values before</th>"
           "<th>values after</th><th>contents</th></tr>\n";
      for (const auto& d : v.data_loss) {
        h += "<tr><td>" + Escape(d.table) + "</td><td>" + Escape(d.column) + "</td><td>" +
             std::to_string(d.rows_before) + "</td><td>" + std::to_string(d.rows_after) + "</td><td>" +
             std::to_string(d.values_before) + "</td><td>" + std::to_string(d.values_after) + "</td><td>" +
             (d.values_changed ? "changed" : "") + "</td></tr>\n";
      }
      h += "</table>\n";
    }
    for (const auto& s : v.seeding) {
      if (!s.problem.empty()) {
        h += "<p>seeding " + Escape(s.table) + ": " + std::to_string(s.inserted) + " rows; " + Escape(s.problem) +
             "</p>\n";
      }
    }
  }
  return h + "</body></html>\n";
}

}  // namespace wayback::cli
