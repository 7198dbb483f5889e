// Snapshot comparison: per object, what was added, removed or changed.
#include "wayback/snapshot.h"

namespace wayback {
namespace {

bool Compared(const std::string& attr) { return !attr.empty() && attr[0] != '_'; }

// Long definitions (functions, views) are cut so a diff line stays readable;
// the full text of both sides is in the snapshot.
std::string Short(const std::string& v) {
  std::string out;
  for (char c : v) out += (c == '\n' || c == '\t') ? ' ' : c;
  return out.size() > 200 ? out.substr(0, 197) + "..." : out;
}

std::vector<std::string> Attributes(const SchemaObject& o) {
  std::vector<std::string> out;
  for (const auto& [k, v] : o.attrs) {
    if (Compared(k) && k != "kind") out.push_back(k + ": " + Short(v));
  }
  return out;
}

}  // namespace

std::string ObjectChange::Describe() const {
  std::string what = type == Type::kAdded ? " is new" : type == Type::kRemoved ? " is gone" : " changed";
  std::string out = kind + " " + name + what;
  if (type == Type::kChanged) {
    for (size_t i = 0; i < details.size(); ++i) out += (i == 0 ? ": " : "; ") + details[i];
  }
  return out;
}

std::vector<ObjectChange> DiffSchemas(const SchemaSnapshot& before, const SchemaSnapshot& after) {
  std::vector<ObjectChange> out;
  auto b = before.objects.begin();
  auto a = after.objects.begin();
  while (b != before.objects.end() || a != after.objects.end()) {
    if (b.SameChunkAs(a)) {  // a run of entries shared by both snapshots: unchanged
      b = b.NextChunk();
      a = a.NextChunk();
    } else if (a == after.objects.end() || (b != before.objects.end() && b->first < a->first)) {
      out.push_back({ObjectChange::Type::kRemoved, b->second->kind, b->second->name, Attributes(*b->second)});
      ++b;
    } else if (b == before.objects.end() || a->first < b->first) {
      out.push_back({ObjectChange::Type::kAdded, a->second->kind, a->second->name, Attributes(*a->second)});
      ++a;
    } else if (a->second == b->second) {  // shared by both snapshots: unchanged
      ++a;
      ++b;
    } else {
      ObjectChange c{ObjectChange::Type::kChanged, a->second->kind, a->second->name, {}};
      std::map<std::string, std::pair<const std::string*, const std::string*>> attrs;
      for (const auto& [k, v] : b->second->attrs) attrs[k].first = &v;
      for (const auto& [k, v] : a->second->attrs) attrs[k].second = &v;
      for (const auto& [k, pair] : attrs) {
        if (!Compared(k)) continue;
        auto [was, now] = pair;
        if (was && now && *was == *now) continue;
        c.details.push_back(k + ": " + (was ? Short(*was) : "(none)") + " → " + (now ? Short(*now) : "(none)"));
      }
      if (!c.details.empty()) out.push_back(std::move(c));
      ++a;
      ++b;
    }
  }
  return out;
}

}  // namespace wayback
