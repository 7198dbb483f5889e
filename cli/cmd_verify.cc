// wayback verify: prove every down on a scratch copy of the target.
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "commands.h"
#include "exit_codes.h"
#include "verify_report.h"
#include "wayback/verify.h"

namespace wayback::cli {
namespace {

struct VerifyArgs {
  std::string range;
  int seed_rows = 5;
  std::string source;
  std::string format = "text";
  std::string output;
};

// A bar on stderr when it is a terminal; nothing otherwise (the table follows).
class VerifyProgress final : public VerifyObserver {
 public:
  explicit VerifyProgress(const Context& ctx) : ctx_(ctx), bar_(ctx.stderr_is_tty() && !ctx.options.json) {}
  ~VerifyProgress() override { Clear(); }

  void OnStart(int total, const std::string& scratch) override {
    if (bar_) ctx_.Err(ctx_.Paint(Color::kDim, "verifying " + std::to_string(total) + " migrations on " + scratch));
  }
  void OnMigration(const std::string& id, int index, int total) override {
    if (!bar_) return;
    constexpr int kWidth = 30;
    int filled = total > 0 ? (index - 1) * kWidth / total : 0;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.append(static_cast<size_t>(kWidth - filled), '.');
    std::fprintf(stderr, "\r\033[K[%s] %d/%d %s", bar.c_str(), index, total, id.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  void OnNote(const std::string& message) override {
    Clear();
    ctx_.Err(ctx_.Paint(Color::kYellow, "note: ") + message);
  }
  void Clear() {
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  const Context& ctx_;
  bool bar_;
  bool drawn_ = false;
};

Color ColorOf(Verdict v) {
  switch (v) {
    case Verdict::kReversible: return Color::kGreen;
    case Verdict::kIrreversible: return Color::kDim;
    case Verdict::kLossy:
    case Verdict::kNotReappliable: return Color::kYellow;
    default: return Color::kRed;
  }
}

std::string Pad(const std::string& s, size_t width) {
  // Width in characters, not bytes (names may hold UTF-8).
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

void PrintText(const Context& ctx, const VerifyReport& r) {
  for (const auto& n : r.notes) ctx.Out(n);
  if (r.results.empty()) return;
  size_t id_width = 9;
  for (const auto& v : r.results) id_width = std::max(id_width, v.Id().size());
  ctx.Out(ctx.Paint(Color::kBold, Pad("migration", id_width) + "  " + Pad("verdict", 16) + "  what was found"));
  int counts[6] = {};
  for (const auto& v : r.results) {
    ++counts[static_cast<int>(v.verdict)];
    ctx.Out(Pad(v.Id(), id_width) + "  " + ctx.Paint(ColorOf(v.verdict), Pad(VerdictName(v.verdict), 16)) + "  " +
            v.Summary());
    if (v.verdict == Verdict::kReversible) continue;
    // Every finding, with its detail, indented under the row.
    for (const auto& f : v.findings) {
      if (&f != &v.findings.front()) ctx.Out("    also " + std::string(VerdictName(f.verdict)) + ": " + f.message);
      for (const auto& d : f.details) ctx.Out("      " + d);
    }
  }
  for (const auto& v : r.results) {
    for (const auto& s : v.seeding) {
      if (!s.problem.empty()) {
        ctx.Out(ctx.Paint(Color::kDim, "seeding " + s.table + " before " + v.Id() + ": " +
                                           std::to_string(s.inserted) + " rows; " + s.problem));
      }
    }
  }
  std::string summary = std::to_string(r.results.size()) + " verified:";
  bool first = true;
  for (Verdict v : {Verdict::kReversible, Verdict::kLossy, Verdict::kBroken, Verdict::kNotReappliable,
                    Verdict::kUpFailed, Verdict::kIrreversible}) {
    int n = counts[static_cast<int>(v)];
    if (n == 0) continue;
    summary += std::string(first ? " " : ", ") + std::to_string(n) + " " + VerdictName(v);
    first = false;
  }
  summary += r.Failed() ? " — the way back is not proven for every migration" : " — every way back is proven";
  ctx.Out(ctx.Paint(Color::kBold, summary));
}

}  // namespace

void RegisterVerify(CLI::App& app, Context& ctx, CommandBody& body) {
  CLI::App* cmd = app.add_subcommand(
      "verify", "Prove every down on a scratch copy: up, down and up again, comparing schema and data");
  auto args = std::make_shared<VerifyArgs>();
  cmd->add_option("--range", args->range, "Only these migrations: A..B, A.., ..B or A")->option_text("A..B");
  cmd->add_option("--seed-rows", args->seed_rows, "Synthetic rows per table before each migration (default 5)")
      ->option_text("N");
  cmd->add_option("--source", args->source, "Copy this database (a staging copy) instead of the target")
      ->option_text("URL");
  cmd->add_option("--format", args->format, "text, json or html")->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", args->output, "Write the report (html) to this file instead of stdout")
      ->option_text("FILE");
  cmd->callback([&ctx, &body, args] {
    body = [&ctx, args] {
      if (args->format == "json") ctx.options.json = true;
      auto target = ctx.SingleTarget();
      if (!target) return ReportError(ctx, target.error());
      VerifyOptions options;
      options.range = args->range;
      options.seed_rows = args->seed_rows;
      if (!args->source.empty()) options.source = args->source;
      VerifyReport report;
      {
        VerifyProgress progress(ctx);
        auto done = Verify(*target, options, progress);
        if (!done) return ReportError(ctx, Error(done.error()).context("target " + target->name));
        report = std::move(*done);
      }
      if (ctx.options.json) {
        ctx.Json(VerifyJson(report));
      } else if (args->format == "html") {
        std::string html = VerifyHtml(report);
        if (args->output.empty()) {
          std::fwrite(html.data(), 1, html.size(), stdout);
        } else {
          std::ofstream(args->output) << html;
          ctx.Err("report written to " + args->output);
        }
      } else {
        PrintText(ctx, report);
      }
      return report.Failed() ? kExitFindings : kExitOk;
    };
  });
}

}  // namespace wayback::cli
