// wayback init: a new project in the current folder (or -C DIR).
#include "commands.h"
#include "exit_codes.h"
#include "wayback/scaffold.h"

namespace wayback::cli {

void RegisterInit(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("init", "Create wayback.toml (SQLite by default) and migrations/");
  cmd->callback([&ctx, &body] {
    body = [&ctx] {
      auto created = InitProject(ctx.options.dir);
      if (!created) return ReportError(ctx, created.error());
      if (ctx.options.json) {
        nlohmann::json files = nlohmann::json::array();
        for (const auto& f : *created) files.push_back(f.string());
        ctx.Json({{"created", files}});
      }
      for (const auto& f : *created) ctx.Out("created " + f.string());
      ctx.Out("next: wayback new create_first_table");
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
