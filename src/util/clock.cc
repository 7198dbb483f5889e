#include "util/clock.h"

#include <pwd.h>
#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

namespace wayback::util {

std::string NowIso8601() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
}

std::string CurrentActor() {
  // Asked once per process: getpwuid may read /etc/passwd on every call.
  static const std::string actor = [] {
  std::string user;
  if (const passwd* pw = getpwuid(geteuid()); pw && pw->pw_name) user = pw->pw_name;
  if (user.empty()) {
    const char* env = getenv("USER");
    user = env ? env : "unknown";
  }
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return host[0] ? user + "@" + host : user;
  }();
  return actor;
}

}  // namespace wayback::util
