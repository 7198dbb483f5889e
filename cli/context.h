// What every command gets: the global options and the output channels.
// All output passes through here so that secrets are redacted and colour
// follows the rules (a TTY, no NO_COLOR, no --no-color).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wayback/error.h"
#include "wayback/project.h"

namespace wayback::cli {

struct GlobalOptions {
  std::string dir = ".";
  std::string target;
  std::string database;
  std::string migrations;
  bool json = false;
  bool yes = false;
  bool no_color = false;
};

enum class Color { kNone, kRed, kGreen, kYellow, kBold, kDim };

class Context {
 public:
  GlobalOptions options;

  // Human text on stdout (suppressed under --json).
  void Out(const std::string& text) const;
  // Diagnostics on stderr.
  void Err(const std::string& text) const;
  // The one JSON document of a --json run, on stdout.
  void Json(const nlohmann::json& doc) const;
  std::string Paint(Color color, const std::string& text) const;
  bool color_enabled() const;
  bool stderr_is_tty() const;

  // Loads the project with the global overrides applied.
  Result<Project> LoadProject() const;
  // The single target a command works on: -t, or the only one declared.
  Result<Target> SingleTarget() const;
};

// Prints an error (stderr text, or a JSON error document under --json) and
// returns its exit code.
int ReportError(const Context& ctx, const Error& error);

}  // namespace wayback::cli
