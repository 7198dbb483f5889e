#include "util/redact.h"

#include <mutex>
#include <vector>

namespace wayback::util {
namespace {

std::mutex& SecretsMutex() {
  static std::mutex m;
  return m;
}
std::vector<std::string>& Secrets() {
  static std::vector<std::string> s;
  return s;
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  // Very short secrets would mask unrelated text; they are still never printed
  // because URLs are always shown masked.
  if (secret.size() < 3) return;
  std::lock_guard lock(SecretsMutex());
  for (const auto& s : Secrets()) {
    if (s == secret) return;
  }
  Secrets().emplace_back(secret);
}

std::string Redact(std::string_view text) {
  std::string out(text);
  std::lock_guard lock(SecretsMutex());
  for (const auto& secret : Secrets()) {
    size_t pos = 0;
    while ((pos = out.find(secret, pos)) != std::string::npos) {
      out.replace(pos, secret.size(), "****");
      pos += 4;
    }
  }
  return out;
}

}  // namespace wayback::util

namespace wayback {
std::string RedactSecrets(std::string_view text) { return util::Redact(text); }
}  // namespace wayback
