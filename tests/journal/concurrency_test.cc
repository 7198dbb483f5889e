// Undo while 8 connections keep writing: no write is lost and no row is
// restored over a newer write.
//
// PostgreSQL: writers and the undo really interleave; the undo re-checks each
// row's after-image in the statement that restores it, and a writer blocked on
// a row the undo restored applies its write on top once the undo commits.
// SQLite: one writer at a time. The undo holds the write lock (BEGIN
// IMMEDIATE) from classification to commit; writers wait for it in their busy
// handler and write after it, so the same invariant holds.
#include <atomic>
#include <random>
#include <thread>

#include "journal_fixture.h"
#include "wayback/journal.h"

namespace wayback::testing {
namespace {

class JournalConcurrencyTest : public JournalTest {};

TEST_P(JournalConcurrencyTest, EightWritersDuringUndoLoseNothingAndAreNeverOverwritten) {
  constexpr int kRows = 2000;
  constexpr int kWriters = 8;
  Model original = CreateCustomers(kRows);
  std::string run = RunJob("UPDATE customers SET score = score + 100000, name = 'job-' || id");

  // Each writer owns the rows with id % 8 == its number, so the last value it
  // wrote to a row is known without ordering writers against each other.
  std::vector<std::map<int64_t, int64_t>> last(kWriters);
  std::atomic<bool> stop{false};
  std::atomic<int> writes{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto conn = db_->Connect();
      std::mt19937 rng(static_cast<unsigned>(w * 7919 + 1));
      std::string p = pg() ? "$" : "?";
      std::string sql = "UPDATE customers SET score = " + p + "1 WHERE id = " + p + "2";
      for (int n = 1; !stop.load() || n < 40; ++n) {
        int64_t id = (static_cast<int64_t>(rng() % (kRows / kWriters)) * kWriters) + w;
        if (id == 0) id = kWriters;
        int64_t value = -(w * 1'000'000 + n);
        auto done = conn->Query(sql, {std::to_string(value), std::to_string(id)});
        if (!done) {
          ADD_FAILURE() << "writer " << w << ": " << done.error().message();
          return;
        }
        last[w][id] = value;
        ++writes;
      }
    });
  }
  while (writes.load() < 50) std::this_thread::yield();
  Target target;
  target.name = "test";
  target.url = *ParseDatabaseUrl(db_->url(), dir_.path());
  auto report = wayback::Undo(target, run, {});  // the library call, not the fixture's CLI helper
  stop = true;
  for (auto& t : writers) t.join();
  ASSERT_TRUE(report.has_value()) << report.error().message();

  Model got = Snapshot();
  int restored = 0, kept = 0;
  for (const auto& [id, c] : original) {
    const auto& mine = last[id % kWriters];
    auto written = mine.find(id);
    if (written != mine.end()) {
      EXPECT_EQ(got[id].score, written->second) << "row " << id << ": a writer's last write was lost";
      ++kept;
    } else {
      EXPECT_EQ(got[id], c) << "row " << id << " was not restored";
      ++restored;
    }
  }
  EXPECT_GT(kept, 0);
  EXPECT_GT(restored, 0);
  EXPECT_EQ(report->restored + report->conflicts_total, kRows);
}

WAYBACK_ENGINE_TESTS(JournalConcurrencyTest);

}  // namespace
}  // namespace wayback::testing
