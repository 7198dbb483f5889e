// Shows a deployment as it happens: on a TTY a progress bar on stderr once the
// work has taken more than a second; otherwise one line per migration.
#pragma once

#include <chrono>
#include <string>

#include "context.h"
#include "wayback/deploy.h"

namespace wayback::cli {

class ProgressObserver final : public DeployObserver {
 public:
  explicit ProgressObserver(const Context& ctx);
  ~ProgressObserver() override;

  void OnWaiting(const std::string& message) override;
  void OnStep(const std::string& id, const std::string& direction, int index, int total) override;
  void OnStepDone(const std::string& id, int64_t duration_ms) override;
  void OnNote(const std::string& message) override;

 private:
  void ClearBar();
  const Context& ctx_;
  bool bar_ = false;   // drawing a bar (TTY) instead of lines
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::string direction_;
  int index_ = 0, total_ = 0;
};

}  // namespace wayback::cli
