#include "progress.h"

#include <cstdio>

namespace wayback::cli {

ProgressObserver::ProgressObserver(const Context& ctx)
    : ctx_(ctx), bar_(ctx.stderr_is_tty()), start_(std::chrono::steady_clock::now()) {}

ProgressObserver::~ProgressObserver() { ClearBar(); }

void ProgressObserver::ClearBar() {
  if (drawn_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }
}

void ProgressObserver::OnWaiting(const std::string& message) {
  ClearBar();
  ctx_.Err(ctx_.Paint(Color::kYellow, "waiting: ") + message + " …");
}

void ProgressObserver::OnStep(const std::string& id, const std::string& direction, int index, int total) {
  direction_ = direction;
  index_ = index;
  total_ = total;
  if (!bar_) return;
  if (std::chrono::steady_clock::now() - start_ < std::chrono::seconds(1)) return;
  constexpr int kWidth = 30;
  int filled = total > 0 ? (index - 1) * kWidth / total : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r\033[K[%s] %d/%d %s %s", bar.c_str(), index, total, direction.c_str(), id.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressObserver::OnStepDone(const std::string& id, int64_t duration_ms) {
  if (bar_ && drawn_) return;  // the bar speaks for itself; the summary follows
  ctx_.Out(ctx_.Paint(Color::kGreen, direction_ == "up" ? "applied   " : "rolled back ") + id + "  " +
           ctx_.Paint(Color::kDim, std::to_string(duration_ms) + " ms"));
}

void ProgressObserver::OnNote(const std::string& message) {
  ClearBar();
  ctx_.Err(ctx_.Paint(Color::kYellow, "note: ") + message);
}

}  // namespace wayback::cli
