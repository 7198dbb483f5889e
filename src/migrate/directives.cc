// Directives and the way-back block are comment lines, read line by line: they
// are wayback's own annotations, not SQL, and never reach the SQL parser.
#include "util/strings.h"
#include "wayback/migration.h"

namespace wayback {
namespace {

// The comment text of a line that is a `--` comment, else nullopt.
std::optional<std::string_view> CommentBody(std::string_view line) {
  std::string_view t = util::Trim(line);
  if (!util::StartsWith(t, "--")) return std::nullopt;
  return util::Trim(t.substr(2));
}

}  // namespace

Result<Directives> ParseDirectives(std::string_view text, const std::string& where) {
  Directives d;
  int line_no = 0;
  for (std::string_view line : util::Lines(text)) {
    ++line_no;
    auto body = CommentBody(line);
    if (!body || !util::StartsWith(*body, "wayback:")) continue;
    std::string_view rest = body->substr(8);
    size_t sp = rest.find_first_of(" \t");
    std::string name(rest.substr(0, sp));
    std::string arg(sp == std::string_view::npos ? std::string_view{} : util::Trim(rest.substr(sp)));
    std::string at = where + ":" + std::to_string(line_no);
    if (name == "no-transaction") {
      d.no_transaction = true;
    } else if (name == "irreversible") {
      if (arg.empty()) {
        return Fail(ErrorKind::kBadInput, at + ": -- wayback:irreversible needs a reason",
                    "write e.g. -- wayback:irreversible drops the legacy table for good");
      }
      d.irreversible = arg;
    } else if (name == "allow") {
      size_t rs = arg.find_first_of(" \t");
      if (arg.empty() || rs == std::string::npos) {
        return Fail(ErrorKind::kBadInput, at + ": -- wayback:allow needs a rule and a reason",
                    "write -- wayback:allow <rule> <why it is safe here>");
      }
      d.allows.push_back({arg.substr(0, rs), std::string(util::Trim(arg.substr(rs))), line_no});
    } else {
      return Fail(ErrorKind::kBadInput, at + ": unknown directive 'wayback:" + name + "'",
                  "known directives: no-transaction, irreversible <reason>, allow <rule> <reason>");
    }
  }
  return d;
}

WayBackBlock ParseWayBackBlock(std::string_view text) {
  WayBackBlock block;
  bool inside = false;
  for (std::string_view line : util::Lines(text)) {
    auto body = CommentBody(line);
    if (!body) {
      if (!util::Trim(line).empty()) break;  // the block must come before any SQL
      continue;
    }
    if (util::ToLower(*body) == "the way back") {
      inside = true;
      block.present = true;
      continue;
    }
    if (!inside) continue;
    size_t colon = body->find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = util::ToLower(util::Trim(body->substr(0, colon)));
    std::string value(util::Trim(body->substr(colon + 1)));
    if (key == "writes") block.writes = value;
    else if (key == "reverse") block.reverse = value;
    else if (key == "window") block.window = value;
  }
  return block;
}

}  // namespace wayback
