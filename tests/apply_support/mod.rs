//! Shared by the `apply` and `status` tests: a fresh database per test on each real
//! engine, a project folder with hand-written migrations sealed by `write_sum`, and
//! runs of the real binary.

// Each test file uses a different part of this module.
#![allow(dead_code)]

use mysql::prelude::Queryable;
use schemac::migrate::files::{self, parse_version};
use schemac_compiler::ir::Schema;
use schemac_testkit::{unique_name, MyDatabase, PgSchema};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Postgres,
    Mariadb,
    Sqlite,
}

impl Engine {
    /// The migrations folder the URL scheme selects.
    pub fn folder(self) -> &'static str {
        match self {
            Engine::Postgres => "postgres",
            Engine::Mariadb => "mysql",
            Engine::Sqlite => "sqlite",
        }
    }

    /// A statement that takes about half a second.
    pub fn slow_statement(self) -> &'static str {
        match self {
            Engine::Postgres => "SELECT pg_sleep(0.5);",
            Engine::Mariadb => "DO SLEEP(0.5);",
            Engine::Sqlite => {
                "CREATE TABLE filler (n integer);\n\
                 WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000)\n\
                 INSERT INTO filler SELECT n FROM c;"
            }
        }
    }

    pub fn kind(self) -> schemac_backends::DialectKind {
        match self {
            Engine::Postgres => schemac_backends::DialectKind::Postgres,
            Engine::Mariadb => schemac_backends::DialectKind::Mariadb,
            Engine::Sqlite => schemac_backends::DialectKind::Sqlite,
        }
    }
}

enum Target {
    Postgres(Box<PgSchema>),
    Mariadb(MyDatabase),
    Sqlite(PathBuf),
}

/// A fresh, empty database on one engine and the URL that reaches it; removed on drop.
pub struct Db {
    target: Target,
    pub url: String,
}

impl Db {
    pub fn new(engine: Engine) -> Db {
        match engine {
            Engine::Postgres => {
                let schema = PgSchema::new();
                let url = schema.url();
                Db {
                    target: Target::Postgres(Box::new(schema)),
                    url,
                }
            }
            Engine::Mariadb => {
                let db = MyDatabase::new();
                let url = format!("mysql://root@127.0.0.1:3306/{}", db.name);
                Db {
                    target: Target::Mariadb(db),
                    url,
                }
            }
            Engine::Sqlite => {
                let path =
                    std::env::temp_dir().join(format!("schemac-apply-{}.sqlite", unique_name()));
                rusqlite::Connection::open(&path).expect("creating the SQLite file");
                let url = format!("sqlite://{}", path.display());
                Db {
                    target: Target::Sqlite(path),
                    url,
                }
            }
        }
    }

    /// The versions recorded in `schema_migrations`, in version order.
    pub fn versions(&mut self) -> Vec<String> {
        let mut versions = self.strings("SELECT version FROM schema_migrations");
        versions.sort_by_key(|v| parse_version(v));
        versions
    }

    /// The values of a one-column text query.
    pub fn strings(&mut self, sql: &str) -> Vec<String> {
        match &mut self.target {
            Target::Postgres(schema) => schema
                .client
                .query(sql, &[])
                .expect(sql)
                .iter()
                .map(|row| row.get::<_, String>(0))
                .collect(),
            Target::Mariadb(db) => db.conn.query::<String, _>(sql).expect(sql),
            Target::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).expect("open");
                let mut statement = conn.prepare(sql).expect(sql);
                let rows = statement
                    .query_map([], |row| row.get::<_, String>(0))
                    .expect(sql);
                rows.collect::<Result<_, _>>().expect(sql)
            }
        }
    }

    pub fn count(&mut self, table: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        match &mut self.target {
            Target::Postgres(schema) => schema.client.query_one(&sql, &[]).expect("count").get(0),
            Target::Mariadb(db) => db
                .conn
                .query_first::<i64, _>(&sql)
                .expect("count")
                .unwrap_or(0),
            Target::Sqlite(path) => rusqlite::Connection::open(path)
                .expect("open")
                .query_row(&sql, [], |row| row.get(0))
                .expect("count"),
        }
    }

    pub fn execute(&mut self, sql: &str) {
        match &mut self.target {
            Target::Postgres(schema) => schema.client.batch_execute(sql).expect(sql),
            Target::Mariadb(db) => db.conn.query_drop(sql).expect(sql),
            Target::Sqlite(path) => rusqlite::Connection::open(path)
                .expect("open")
                .execute_batch(sql)
                .expect(sql),
        }
    }

    /// Whether a table of this name exists.
    pub fn has_table(&mut self, name: &str) -> bool {
        let sql = match &self.target {
            Target::Postgres(schema) => format!(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{}' AND table_name = '{name}'",
                schema.name
            ),
            Target::Mariadb(db) => format!(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '{}' AND table_name = '{name}'",
                db.name
            ),
            Target::Sqlite(_) => format!("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '{name}'"),
        };
        !self.strings(&sql).is_empty()
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Target::Sqlite(path) = &self.target {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A project folder in a temp dir, with one dialect's migrations folder.
pub struct Project {
    pub root: PathBuf,
    /// `migrations/<dialect>`.
    pub dir: PathBuf,
}

impl Project {
    pub fn new(engine: Engine) -> Project {
        let root = std::env::temp_dir().join(format!("schemac-project-{}", unique_name()));
        let dir = root.join("migrations").join(engine.folder());
        std::fs::create_dir_all(&dir).expect("temp project");
        Project { root, dir }
    }

    /// Writes a migration file and rewrites `schemac.sum`, as `build` would.
    pub fn write(&self, file: &str, sql: &str) {
        self.write_unsealed(file, sql);
        self.seal();
    }

    /// Writes a migration file and leaves `schemac.sum` as it was (a hand edit).
    pub fn write_unsealed(&self, file: &str, sql: &str) {
        std::fs::write(self.dir.join(file), sql).expect("write migration");
    }

    pub fn seal(&self) {
        files::write_sum(&self.dir).expect("write schemac.sum");
    }

    /// Writes `migrations/schemac.snapshot.json` holding `schema`.
    pub fn snapshot(&self, schema: &Schema) {
        let json = serde_json::json!({ "format": 1, "schemac": "test", "schema": schema });
        let text = serde_json::to_string_pretty(&json).expect("serializable") + "\n";
        std::fs::write(
            self.root.join("migrations").join("schemac.snapshot.json"),
            text,
        )
        .expect("write snapshot");
    }

    pub fn apply(&self, url: &str) -> Run {
        run(&["apply", path_str(&self.root), "--url", url])
    }

    /// Starts `apply` without waiting for it.
    pub fn spawn_apply(&self, url: &str) -> std::process::Child {
        Command::new(env!("CARGO_BIN_EXE_schemac"))
            .args(["apply", path_str(&self.root), "--url", url])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary starts")
    }

    pub fn status(&self, url: &str) -> Run {
        run(&["status", path_str(&self.root), "--url", url])
    }

    /// `status --format json`, parsed.
    pub fn status_json(&self, url: &str) -> (Option<i32>, serde_json::Value) {
        let out = run(&[
            "status",
            path_str(&self.root),
            "--url",
            url,
            "--format",
            "json",
        ]);
        let value =
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {out:?}"));
        (out.code, value)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

pub fn run(args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_schemac"))
        .args(args)
        .output()
        .expect("the binary runs")
        .into()
}

/// The strings of a JSON array field.
pub fn list(value: &serde_json::Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("`{key}` is not an array in {value}"))
        .iter()
        .map(|v| v.as_str().expect("strings").to_string())
        .collect()
}

/// Compiles one `.schema` text (with the stdlib) into the IR, panicking on errors.
pub fn compile(source: &str) -> Schema {
    compile_targeting(source, None)
}

/// [`compile`] for a project that targets `dialects`, or the default ones.
pub fn compile_targeting(source: &str, dialects: Option<&[&str]>) -> Schema {
    let dir = std::env::temp_dir().join(format!("schemac-schema-{}", unique_name()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("app.schema");
    std::fs::write(&file, source).expect("write schema");
    let schema = crate::support::compile_targeting(&file, dialects);
    let _ = std::fs::remove_dir_all(&dir);
    schema
}

/// Makes a module named after `scenario` with one test per engine, each calling
/// `scenario(Engine::...)`.
macro_rules! on_each_engine {
    ($($scenario:ident),* $(,)?) => {
        $(
            mod $scenario {
                use super::apply_support::Engine;

                #[test]
                fn postgres() {
                    super::$scenario(Engine::Postgres)
                }

                #[test]
                fn mariadb() {
                    super::$scenario(Engine::Mariadb)
                }

                #[test]
                fn sqlite() {
                    super::$scenario(Engine::Sqlite)
                }
            }
        )*
    };
}
