#include "context.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "exit_codes.h"
#include "wayback/redact.h"

namespace wayback::cli {

void Context::Out(const std::string& text) const {
  if (options.json) return;
  std::string safe = RedactSecrets(text);
  std::fwrite(safe.data(), 1, safe.size(), stdout);
  std::fputc('\n', stdout);
}

void Context::Err(const std::string& text) const {
  std::string safe = RedactSecrets(text);
  std::fwrite(safe.data(), 1, safe.size(), stderr);
  std::fputc('\n', stderr);
}

void Context::Json(const nlohmann::json& doc) const {
  std::string safe = RedactSecrets(doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
  std::fwrite(safe.data(), 1, safe.size(), stdout);
  std::fputc('\n', stdout);
}

bool Context::color_enabled() const {
  if (options.no_color || options.json) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return isatty(STDOUT_FILENO) != 0;
}

bool Context::stderr_is_tty() const { return isatty(STDERR_FILENO) != 0; }

std::string Context::Paint(Color color, const std::string& text) const {
  if (!color_enabled() || color == Color::kNone) return text;
  const char* code = color == Color::kRed      ? "31"
                     : color == Color::kGreen  ? "32"
                     : color == Color::kYellow ? "33"
                     : color == Color::kBold   ? "1"
                                               : "2";
  return std::string("\033[") + code + "m" + text + "\033[0m";
}

Result<Project> Context::LoadProject() const {
  ProjectOptions po;
  po.dir = options.dir;
  po.target = options.target;
  po.database = options.database;
  po.migrations = options.migrations;
  return wayback::LoadProject(po);
}

Result<Target> Context::SingleTarget() const {
  WB_ASSIGN(Project project, LoadProject());
  if (project.targets.empty()) {
    if (!project.skipped.empty()) {
      return Fail(ErrorKind::kBadInput,
                  "every target is skipped (" + project.skipped[0].name + ": " + project.skipped[0].reason + ")");
    }
    return Fail(ErrorKind::kBadInput, "no database to work on",
                "run `wayback init`, pass --database URL, or set WAYBACK_DATABASE_URL");
  }
  if (project.targets.size() > 1) {
    std::string names;
    for (const auto& t : project.targets) names += (names.empty() ? "" : ", ") + t.name;
    return Fail(ErrorKind::kBadInput, "this command works on one target; the project has " + names,
                "choose one with -t TARGET");
  }
  return project.targets[0];
}

int ReportError(const Context& ctx, const Error& error) {
  int code = ExitCodeFor(error.kind());
  if (ctx.options.json) {
    nlohmann::json doc = {{"error",
                           {{"kind", KindName(error.kind())},
                            {"message", error.message()},
                            {"exit_code", code}}}};
    if (!error.hint().empty()) doc["error"]["hint"] = error.hint();
    if (!error.sqlstate().empty()) doc["error"]["sqlstate"] = error.sqlstate();
    ctx.Json(doc);
  }
  ctx.Err(ctx.Paint(Color::kRed, "error: ") + error.message());
  if (!error.hint().empty()) ctx.Err("  hint: " + error.hint());
  return code;
}

}  // namespace wayback::cli
