// Wall-clock timestamps for the state tables and a monotonic stopwatch.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace wayback::util {

// UTC, ISO 8601 with milliseconds: 2026-11-21T20:28:50.123Z
std::string NowIso8601();

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  int64_t ElapsedMs() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// "user@host" of the process, for applied_by.
std::string CurrentActor();

}  // namespace wayback::util
