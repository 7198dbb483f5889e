// wayback new NAME: the next migration pair, the way-back block first.
#include "commands.h"
#include "exit_codes.h"
#include "wayback/scaffold.h"

namespace wayback::cli {

void RegisterNew(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand("new", "Create the next NNNN_name.up.sql/.down.sql pair");
  auto name = std::make_shared<std::string>();
  cmd->add_option("NAME", *name, "What the migration does, e.g. add_email_to_users")->required();
  cmd->callback([&ctx, &body, name] {
    body = [&ctx, name] {
      auto project = ctx.LoadProject();
      if (!project) return ReportError(ctx, project.error());
      std::filesystem::path dir = project->root / "migrations";
      if (project->targets.size() == 1) {
        dir = project->targets[0].migrations_dir;
      } else if (project->targets.size() > 1) {
        return ReportError(ctx, Error(ErrorKind::kBadInput, "the project has several targets")
                                    .with_hint("choose the migrations folder with -t TARGET"));
      }
      auto created = NewMigration(dir, *name);
      if (!created) return ReportError(ctx, created.error());
      if (ctx.options.json) {
        ctx.Json({{"up", (*created)[0].string()}, {"down", (*created)[1].string()}});
      }
      for (const auto& f : *created) ctx.Out("created " + f.string());
      return kExitOk;
    };
  });
}

}  // namespace wayback::cli
