// Shared setup for the journal tests: a customers table on each engine, a
// model of what every row should hold, and helpers to run wayback on it.
#pragma once

#include <map>
#include <optional>
#include <vector>
#include <string>

#include <nlohmann/json.hpp>

#include "engine_test_base.h"

namespace wayback::testing {

struct Customer {
  std::string name;
  std::optional<std::string> email;
  int64_t score = 0;
  bool operator==(const Customer&) const = default;
};
using Model = std::map<int64_t, Customer>;

class JournalTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    conn_ = db_->Connect();
  }

  bool pg() const { return GetParam() == "postgres"; }

  void Exec(const std::string& sql) {
    auto done = conn_->Execute(sql);
    ASSERT_TRUE(done.has_value()) << sql << ": " << done.error().message();
  }

  // Creates customers(id, name, email, score) with `n` rows and returns the model.
  Model CreateCustomers(int n) {
    Exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, score INTEGER NOT NULL)");
    Model m;
    Exec("BEGIN");
    for (int i = 1; i <= n; ++i) {
      Customer c{"name-" + std::to_string(i), "c" + std::to_string(i) + "@example.com", i % 97};
      m[i] = c;
      std::string p = pg() ? "$" : "?";
      auto r = conn_->Query("INSERT INTO customers (id, name, email, score) VALUES (" + p + "1, " + p + "2, " + p +
                                "3, " + p + "4)",
                            {std::to_string(i), c.name, c.email, std::to_string(c.score)});
      EXPECT_TRUE(r.has_value());
    }
    Exec("COMMIT");
    return m;
  }

  Model Snapshot() {
    auto rows = conn_->Query("SELECT id, name, email, score FROM customers ORDER BY id");
    EXPECT_TRUE(rows.has_value()) << (rows ? "" : rows.error().message());
    Model m;
    if (!rows) return m;
    for (auto& r : rows->rows) m[std::stoll(*r[0])] = Customer{*r[1], r[2], std::stoll(*r[3])};
    return m;
  }

  // Compares row by row, naming the first rows that differ.
  void ExpectRows(const Model& want) {
    Model got = Snapshot();
    int shown = 0;
    for (const auto& [id, c] : want) {
      auto it = got.find(id);
      if (it == got.end()) {
        ADD_FAILURE() << "row " << id << " is missing (want name " << c.name << ")";
      } else if (!(it->second == c)) {
        ADD_FAILURE() << "row " << id << ": got " << it->second.name << "/" << it->second.email.value_or("NULL")
                      << "/" << it->second.score << ", want " << c.name << "/" << c.email.value_or("NULL") << "/"
                      << c.score;
      } else {
        continue;
      }
      if (++shown > 10) return;
    }
    for (const auto& [id, c] : got) {
      if (!want.count(id)) {
        ADD_FAILURE() << "row " << id << " should not exist (holds " << c.name << ")";
        if (++shown > 10) return;
      }
    }
  }

  // `wayback run -c SQL`; returns the run id.
  std::string RunJob(const std::string& sql, const std::string& label = "job") {
    CliResult r = Wayback({"run", "-c", sql, "--label", label});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    return r.out.substr(0, r.out.find('\n'));
  }

  // `wayback --json undo RUN [extra…]`.
  CliResult Undo(const std::string& run, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--json", "undo", run};
    args.insert(args.end(), extra.begin(), extra.end());
    return Wayback(args);
  }

  nlohmann::json Json(const CliResult& r) {
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.all();
    return j;
  }

  std::unique_ptr<backend::Connection> conn_;
};

}  // namespace wayback::testing
