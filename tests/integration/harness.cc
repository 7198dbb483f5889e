#include "harness.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>

extern char** environ;

namespace wayback::testing {

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "wayback-test-XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  if (!made) throw std::runtime_error("mkdtemp failed");
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

CliResult RunCli(const std::vector<std::string>& args, const fs::path& cwd,
                 const std::map<std::string, std::string>& env) {
  static std::atomic<int> counter{0};
  fs::path out_file = fs::temp_directory_path() /
                      ("wayback-cli-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::path err_file = out_file;
  out_file += ".out";
  err_file += ".err";

  std::vector<std::string> argv_s{WAYBACK_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    size_t eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  merged.erase("WAYBACK_DATABASE_URL");
  for (const auto& [k, v] : env) {
    if (v.empty()) merged.erase(k);
    else merged[k] = v;
  }
  std::vector<std::string> env_s;
  for (const auto& [k, v] : merged) env_s.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid = 0;
  CliResult r;
  if (posix_spawn(&pid, WAYBACK_BIN, &actions, nullptr, argv.data(), envp.data()) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  r.out = Slurp(out_file);
  r.err = Slurp(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return r;
}

void WriteMigration(const fs::path& dir, const std::string& id, const std::string& up, const std::string& down,
                    bool write_down) {
  fs::create_directories(dir);
  std::ofstream(dir / (id + ".up.sql")) << up;
  if (write_down) std::ofstream(dir / (id + ".down.sql")) << down;
}

std::unique_ptr<backend::Connection> TestDatabase::Connect() const {
  auto url = ParseDatabaseUrl(this->url(), fs::current_path());
  EXPECT_TRUE(url.has_value());
  auto conn = backend::Connect(*url);
  EXPECT_TRUE(conn.has_value()) << (conn ? "" : conn.error().message());
  return conn ? std::move(*conn) : nullptr;
}

std::string TestDatabase::Scalar(const std::string& sql) const {
  auto conn = Connect();
  auto rows = conn->Query(sql);
  EXPECT_TRUE(rows.has_value()) << sql << ": " << (rows ? "" : rows.error().message());
  if (!rows || rows->empty() || rows->columns.empty()) return "";
  return rows->Text(0, 0);
}

bool TestDatabase::HasTable(const std::string& table) const {
  std::string sql = dialect() == Dialect::kSqlite
                        ? "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='" + table + "'"
                        : "SELECT count(*) FROM information_schema.tables WHERE table_schema='public' AND "
                          "table_name='" + table + "'";
  return Scalar(sql) != "0";
}

bool TestDatabase::HasColumn(const std::string& table, const std::string& column) const {
  std::string sql = dialect() == Dialect::kSqlite
                        ? "SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name='" + column + "'"
                        : "SELECT count(*) FROM information_schema.columns WHERE table_schema='public' AND "
                          "table_name='" + table + "' AND column_name='" + column + "'";
  return Scalar(sql) != "0";
}

bool TestDatabase::HasWaybackState() const {
  return Scalar(dialect() == Dialect::kSqlite
                    ? "SELECT count(*) FROM sqlite_master WHERE name LIKE 'wayback%'"
                    : "SELECT count(*) FROM pg_namespace WHERE nspname = 'wayback'") != "0";
}

std::string TestDatabase::UserSchema() const {
  std::string sql =
      dialect() == Dialect::kSqlite
          ? "SELECT group_concat(type || ' ' || name || ': ' || coalesce(sql, ''), char(10)) FROM "
            "(SELECT * FROM sqlite_master WHERE name NOT LIKE 'wayback_%' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY type, name)"
          : "SELECT string_agg(x, E'\\n' ORDER BY x) FROM ("
            "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable "
            "|| ' ' || coalesce(column_default, '') AS x FROM information_schema.columns WHERE table_schema = "
            "'public' UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "UNION ALL SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = "
            "'public') s";
  return Scalar(sql);
}

namespace {

class SqliteDatabase final : public TestDatabase {
 public:
  explicit SqliteDatabase(const fs::path& dir) : path_(dir / "test.db") {}
  std::string url() const override { return "sqlite:" + path_.string(); }
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  fs::path path_;
};

std::string ReplaceDbName(const std::string& url, const std::string& db) {
  size_t q = url.find('?');
  std::string base = url.substr(0, q);
  std::string query = q == std::string::npos ? "" : url.substr(q);
  size_t slash = base.rfind('/');
  return base.substr(0, slash + 1) + db + query;
}

class PostgresDatabase final : public TestDatabase {
 public:
  PostgresDatabase() {
    static std::atomic<int> n{0};
    std::random_device rd;
    name_ = "wbtest_" + std::to_string(getpid()) + "_" + std::to_string(n++) + "_" + std::to_string(rd() % 100000);
    Admin("CREATE DATABASE " + name_);
    url_ = ReplaceDbName(PostgresAdminUrl(), name_);
  }
  ~PostgresDatabase() override { Admin("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)"); }
  std::string url() const override { return url_; }
  Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  static void Admin(const std::string& sql) {
    auto url = ParseDatabaseUrl(PostgresAdminUrl(), fs::current_path());
    auto conn = backend::Connect(*url);
    ASSERT_TRUE(conn.has_value()) << conn.error().message();
    auto done = (*conn)->Execute(sql);
    ASSERT_TRUE(done.has_value()) << done.error().message();
  }
  std::string name_;
  std::string url_;
};

}  // namespace

bool PostgresAvailable() {
  const char* url = std::getenv("WAYBACK_TEST_PG_URL");
  return url && *url;
}

std::string PostgresAdminUrl() { return std::getenv("WAYBACK_TEST_PG_URL"); }

std::unique_ptr<TestDatabase> MakeDatabase(const std::string& engine, const fs::path& dir) {
  if (engine == "sqlite") return std::make_unique<SqliteDatabase>(dir);
  return std::make_unique<PostgresDatabase>();
}

std::vector<std::string> Engines() { return {"sqlite", "postgres"}; }

}  // namespace wayback::testing
