// Internal to the PostgreSQL translation: a read-only view of one node of
// libpg_query's JSON parse tree, over a simdjson DOM. Lookups read the parsed
// tape in place and never copy a subtree. The parse tree leaves out false,
// zero, empty and null fields, so a missing key reads as an absent node, and
// every accessor of an absent node gives that default: lookups chain without
// a check at each step.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string_view>

namespace wayback::sql::pg {

class Node {
 public:
  Node() = default;  // absent
  explicit Node(simdjson::dom::element e) : element_(e), present_(true) {}

  bool Present() const { return present_; }
  bool IsObject() const { return present_ && element_.is_object(); }
  bool IsArray() const { return present_ && element_.is_array(); }
  bool IsString() const { return present_ && element_.is_string(); }
  // Absent, null, or an object or array with nothing in it.
  bool Empty() const {
    if (!present_ || element_.is_null()) return true;
    simdjson::dom::object o;
    if (!element_.get(o)) return o.size() == 0;
    simdjson::dom::array a;
    return !element_.get(a) && a.size() == 0;
  }

  // The value at `key` of an object node; absent for any other node.
  Node operator[](std::string_view key) const {
    simdjson::dom::element e;
    if (!present_ || element_.at_key(key).get(e)) return {};
    return Node(e);
  }
  bool Has(std::string_view key) const { return (*this)[key].present_; }
  // The string at `key`, "" when absent or not a string.
  std::string_view Str(std::string_view key) const {
    std::string_view s;
    Node n = (*this)[key];
    return n.present_ && !n.element_.get(s) ? s : std::string_view();
  }
  bool Bool(std::string_view key) const {
    bool b = false;
    Node n = (*this)[key];
    return n.present_ && !n.element_.get(b) && b;
  }
  int64_t Int(std::string_view key, int64_t absent) const {
    int64_t i = 0;
    Node n = (*this)[key];
    return n.present_ && !n.element_.get(i) ? i : absent;
  }

  // A {"NodeType": {…}} wrapper's only key, which names the node, and its
  // value; "" and absent for a node that is not such a wrapper.
  std::string_view Type() const {
    simdjson::dom::object o;
    return present_ && !element_.get(o) && o.size() > 0 ? o.begin().key() : std::string_view();
  }
  Node Body() const {
    simdjson::dom::object o;
    return present_ && !element_.get(o) && o.size() > 0 ? Node(o.begin().value()) : Node();
  }

  struct KeyValue;  // an object's field
  // An array's elements or an object's fields, for range-for; nothing for any
  // other node (default-constructed simdjson iterators compare equal).
  template <typename Container, typename Value>
  class Range {
   public:
    class Iterator {
     public:
      explicit Iterator(typename Container::iterator it) : it_(it) {}
      Value operator*() const { return Value(*it_); }
      Iterator& operator++() {
        ++it_;
        return *this;
      }
      bool operator!=(const Iterator& other) const { return it_ != other.it_; }

     private:
      typename Container::iterator it_;
    };
    Range(simdjson::dom::element e, bool present) {
      Container c;
      if (present && !e.get(c)) begin_ = c.begin(), end_ = c.end();
    }
    Iterator begin() const { return Iterator(begin_); }
    Iterator end() const { return Iterator(end_); }

   private:
    typename Container::iterator begin_, end_;
  };
  Range<simdjson::dom::array, Node> Items() const { return {element_, present_}; }
  Range<simdjson::dom::object, KeyValue> Fields() const;

 private:
  simdjson::dom::element element_;
  bool present_ = false;
};

struct Node::KeyValue {
  explicit KeyValue(const simdjson::dom::key_value_pair& kv) : key(kv.key), value(kv.value) {}
  std::string_view key;
  Node value;
};

inline Node::Range<simdjson::dom::object, Node::KeyValue> Node::Fields() const { return {element_, present_}; }

}  // namespace wayback::sql::pg
