// The objects of a schema snapshot by key ("kind name"), in key order, as a
// map whose copies share storage. verify keeps a snapshot per step of every
// round trip, each the last one with a few objects changed; a std::map copy
// cost every node of a schema of thousands of objects at each step. Here the
// entries live in sorted chunks of a few dozen, shared between copies and
// copied on write: a copy costs a pointer per chunk, a change copies the
// chunks it touches, and DiffSchemas skips a chunk both sides share.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wayback {

struct SchemaObject;

class SchemaObjects {
 public:
  using value_type = std::pair<std::string, std::shared_ptr<SchemaObject>>;
  using Chunk = std::vector<value_type>;  // sorted by key, never empty

  class const_iterator {
   public:
    const value_type& operator*() const { return (*map_->chunks_[chunk_])[at_]; }
    const value_type* operator->() const { return &**this; }
    const_iterator& operator++();
    bool operator==(const const_iterator& o) const { return chunk_ == o.chunk_ && at_ == o.at_; }
    // At the first entry of a chunk that `o` is at the first entry of too.
    bool SameChunkAs(const const_iterator& o) const;
    // The first entry after this one's chunk.
    const_iterator NextChunk() const { return {map_, chunk_ + 1, 0}; }

   private:
    friend class SchemaObjects;
    const_iterator(const SchemaObjects* map, size_t chunk, size_t at) : map_(map), chunk_(chunk), at_(at) {}
    const SchemaObjects* map_;
    size_t chunk_, at_;  // (chunks_.size(), 0) is the end
  };

  const_iterator begin() const { return {this, 0, 0}; }
  const_iterator end() const { return {this, chunks_.size(), 0}; }
  const_iterator find(const std::string& key) const;
  const_iterator lower_bound(const std::string& key) const;
  size_t count(const std::string& key) const { return find(key) == end() ? 0 : 1; }
  size_t size() const;
  bool empty() const { return chunks_.empty(); }

  // The slot of `key`, added (empty) when absent; in a chunk of this map alone.
  std::shared_ptr<SchemaObject>& operator[](const std::string& key);
  size_t erase(const std::string& key);

 private:
  // The chunk `key` belongs in (the last one when it sorts after all) and
  // the position of the first entry not less than it there.
  std::pair<size_t, size_t> Locate(const std::string& key) const;
  // Chunk `i`, copied first when another map shares it.
  Chunk& Own(size_t i);

  std::vector<std::shared_ptr<Chunk>> chunks_;
};

}  // namespace wayback
