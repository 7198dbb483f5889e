#include "wayback/schema_objects.h"

#include <algorithm>

namespace wayback {
namespace {

// A chunk is split in two when it grows past this: small enough that copying
// one on write is cheap, large enough that a copy of the map is short.
constexpr size_t kMaxChunk = 64;

bool KeyLess(const SchemaObjects::value_type& entry, const std::string& key) { return entry.first < key; }

}  // namespace

SchemaObjects::const_iterator& SchemaObjects::const_iterator::operator++() {
  if (++at_ == map_->chunks_[chunk_]->size()) {
    ++chunk_;
    at_ = 0;
  }
  return *this;
}

bool SchemaObjects::const_iterator::SameChunkAs(const const_iterator& o) const {
  return at_ == 0 && o.at_ == 0 && chunk_ < map_->chunks_.size() && o.chunk_ < o.map_->chunks_.size() &&
         map_->chunks_[chunk_] == o.map_->chunks_[o.chunk_];
}

std::pair<size_t, size_t> SchemaObjects::Locate(const std::string& key) const {
  // The first chunk whose last key is not less than `key`.
  auto chunk = std::lower_bound(
      chunks_.begin(), chunks_.end(), key,
      [](const std::shared_ptr<Chunk>& c, const std::string& k) { return c->back().first < k; });
  if (chunk == chunks_.end()) {
    if (chunks_.empty()) return {0, 0};
    --chunk;
  }
  const Chunk& c = **chunk;
  return {static_cast<size_t>(chunk - chunks_.begin()),
          static_cast<size_t>(std::lower_bound(c.begin(), c.end(), key, KeyLess) - c.begin())};
}

SchemaObjects::const_iterator SchemaObjects::lower_bound(const std::string& key) const {
  auto [chunk, at] = Locate(key);
  if (chunk < chunks_.size() && at == chunks_[chunk]->size()) return {this, chunk + 1, 0};
  return {this, chunk, at};
}

SchemaObjects::const_iterator SchemaObjects::find(const std::string& key) const {
  const_iterator it = lower_bound(key);
  return it != end() && it->first == key ? it : end();
}

size_t SchemaObjects::size() const {
  size_t n = 0;
  for (const auto& c : chunks_) n += c->size();
  return n;
}

SchemaObjects::Chunk& SchemaObjects::Own(size_t i) {
  if (chunks_[i].use_count() > 1) chunks_[i] = std::make_shared<Chunk>(*chunks_[i]);
  return *chunks_[i];
}

std::shared_ptr<SchemaObject>& SchemaObjects::operator[](const std::string& key) {
  if (chunks_.empty()) {
    chunks_.push_back(std::make_shared<Chunk>(Chunk{{key, nullptr}}));
    return chunks_[0]->front().second;
  }
  auto [chunk, at] = Locate(key);
  Chunk& c = Own(chunk);
  if (at < c.size() && c[at].first == key) return c[at].second;
  c.insert(c.begin() + static_cast<std::ptrdiff_t>(at), {key, nullptr});
  if (c.size() <= kMaxChunk) return c[at].second;
  // Split in halves; the new entry is in one of them.
  const size_t half = c.size() / 2;
  auto upper = std::make_shared<Chunk>(std::make_move_iterator(c.begin() + static_cast<std::ptrdiff_t>(half)),
                                       std::make_move_iterator(c.end()));
  c.resize(half);
  chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(chunk) + 1, upper);
  return at < half ? c[at].second : (*upper)[at - half].second;
}

size_t SchemaObjects::erase(const std::string& key) {
  auto [chunk, at] = Locate(key);
  if (chunk >= chunks_.size() || at >= chunks_[chunk]->size() || (*chunks_[chunk])[at].first != key) return 0;
  Chunk& c = Own(chunk);
  c.erase(c.begin() + static_cast<std::ptrdiff_t>(at));
  if (c.empty()) chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(chunk));
  return 1;
}

}  // namespace wayback
