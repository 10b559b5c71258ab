//! The replay harness of the migration tests: a sequence of `.schema` versions is
//! built with `schemac build` into a project folder, and each new migration file is run
//! on real PostgreSQL, MariaDB and SQLite databases with rows inserted before every
//! step. At the end the migrated databases must hold the same schema (by
//! introspection) as fresh databases created from the full DDL, and every row must
//! still be there.

// Each test binary uses part of this module.
#![allow(dead_code)]

pub mod sequences;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use mysql::prelude::Queryable;
use schemac::build::snapshot;
use schemac::build::BuildArgs;
use schemac_backends::live::LiveSchema;
use schemac_backends::{
    introspect_mysql, introspect_postgres, introspect_sqlite, render_ddl, DialectKind,
};
use schemac_compiler::diff::PendingKind;
use schemac_compiler::ir::{ColumnType, Schema, TableKind, Value};
use schemac_testkit::{unique_name, MyDatabase, PgSchema};

/// What a build of one version is expected to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Written,
    Refused,
    Unchanged,
}

/// One version of the schema and how to build it.
#[derive(Clone, Debug)]
pub struct Version {
    pub schema: String,
    pub allow_destructive: bool,
    pub contract: bool,
    pub expect: Expect,
}

pub fn v(schema: &str) -> Version {
    Version {
        schema: schema.to_string(),
        allow_destructive: false,
        contract: false,
        expect: Expect::Written,
    }
}

impl Version {
    pub fn allow_destructive(mut self) -> Self {
        self.allow_destructive = true;
        self
    }
    pub fn contract(mut self) -> Self {
        self.contract = true;
        self
    }
    pub fn expect(mut self, expect: Expect) -> Self {
        self.expect = expect;
        self
    }
}

/// A project folder of its own, removed on drop.
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    pub fn new() -> Self {
        let root = std::env::temp_dir().join(format!("schemac_migrations_{}", unique_name()));
        std::fs::create_dir_all(root.join("schema")).expect("creating the project folder");
        Project { root }
    }

    /// Writes `schema` and runs `schemac build`; returns the exit code.
    pub fn build(&self, version: &Version) -> i32 {
        std::fs::write(self.root.join("schema/app.schema"), &version.schema)
            .expect("writing the schema");
        schemac::build::run(&BuildArgs {
            path: self.root.clone(),
            name: None,
            allow_destructive: version.allow_destructive,
            contract: version.contract,
        })
    }

    /// The migration files of a dialect folder, in version order.
    pub fn files(&self, dialect: &str) -> Vec<PathBuf> {
        let dir = self.root.join("migrations").join(dialect);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let mut files: Vec<(u32, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                schemac::build::sum::version(&name).map(|v| (v, e.path()))
            })
            .collect();
        files.sort();
        files.into_iter().map(|(_, p)| p).collect()
    }

    pub fn snapshot(&self) -> snapshot::Snapshot {
        snapshot::read(&self.root.join("migrations").join(snapshot::FILE))
            .expect("reading the snapshot")
    }

    /// Every migration file of every dialect, concatenated with their names.
    pub fn all_files_text(&self, dialect: &str) -> String {
        self.files(dialect)
            .iter()
            .map(|p| {
                format!(
                    "==> {}\n{}",
                    p.file_name()
                        .map(|n| n.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    std::fs::read_to_string(p).expect("reading a migration")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// An SQLite database file of its own, removed on drop.
pub struct SqliteFile {
    pub path: PathBuf,
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The three engines under test, each a migrated database beside nothing else.
pub struct Engines {
    pub pg: PgSchema,
    pub my: MyDatabase,
    /// Declared before `lite_file`, so that the connection closes before the file goes.
    pub lite: rusqlite::Connection,
    pub lite_file: SqliteFile,
}

impl Engines {
    pub fn new() -> Self {
        let path =
            std::env::temp_dir().join(format!("schemac_migrations_{}.sqlite", unique_name()));
        let lite = rusqlite::Connection::open(&path).expect("creating the SQLite file");
        lite.execute_batch("PRAGMA foreign_keys = ON;")
            .expect("enabling foreign keys");
        Engines {
            pg: PgSchema::new(),
            my: MyDatabase::new(),
            lite,
            lite_file: SqliteFile { path },
        }
    }

    /// The URL `schemac apply` reaches this engine's database with.
    pub fn url(&self, dialect: &str) -> String {
        match dialect {
            "postgres" => self.pg.url(),
            "mysql" => format!("mysql://root@127.0.0.1:3306/{}", self.my.name),
            _ => format!("sqlite://{}", self.lite_file.path.display()),
        }
    }

    /// Runs the real `schemac apply` of `project` on this engine's database; panics
    /// with its output unless it applies every pending file.
    pub fn apply(&self, project: &Project, dialect: &str) {
        let out = Command::new(env!("CARGO_BIN_EXE_schemac"))
            .arg("apply")
            .arg(&project.root)
            .args(["--url", &self.url(dialect)])
            .output()
            .expect("the schemac binary runs");
        assert!(
            out.status.success(),
            "{dialect}: schemac apply failed ({:?})\nstdout:\n{}\nstderr:\n{}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            project.all_files_text(dialect)
        );
        if dialect == "sqlite" {
            let violations: i64 = self
                .lite
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .expect("foreign key check");
            assert_eq!(violations, 0, "sqlite: foreign key violations after apply");
        }
    }

    pub fn query_i64(&mut self, dialect: &str, sql: &str) -> i64 {
        match dialect {
            "postgres" => self
                .pg
                .client
                .query_one(sql, &[])
                .map(|r| r.get::<_, i64>(0))
                .unwrap_or_else(|e| panic!("{sql}: {e:?}")),
            "mysql" => self
                .my
                .conn
                .query_first::<i64, _>(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .unwrap_or(0),
            _ => self
                .lite
                .query_row(sql, [], |r| r.get(0))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    pub fn execute(&mut self, dialect: &str, sql: &str) {
        match dialect {
            "postgres" => self
                .pg
                .client
                .batch_execute(sql)
                .map_err(|e| format!("{e:?}")),
            "mysql" => self.my.conn.query_drop(sql).map_err(|e| e.to_string()),
            _ => self.lite.execute_batch(sql).map_err(|e| e.to_string()),
        }
        .unwrap_or_else(|e| panic!("{dialect}: {sql}: {e}"));
    }

    pub fn introspect(&mut self, dialect: &str) -> LiveSchema {
        match dialect {
            "postgres" => introspect_postgres(&mut self.pg.client, &self.pg.name.clone()),
            "mysql" => introspect_mysql(&mut self.my.conn, &self.my.name.clone()),
            _ => introspect_sqlite(&self.lite),
        }
        .expect("introspection")
    }
}

pub const DIALECTS: [&str; 3] = ["postgres", "mysql", "sqlite"];

fn kind(dialect: &str) -> DialectKind {
    match dialect {
        "postgres" => DialectKind::Postgres,
        "mysql" => DialectKind::Mysql,
        _ => DialectKind::Sqlite,
    }
}

/// The shape compared: columns by name (a column added later lands at the end).
pub fn comparable(live: &LiveSchema) -> LiveSchema {
    let mut shape = live.shape();
    shape.tables.retain(|t| t.name != "schema_migrations");
    for table in &mut shape.tables {
        table.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    shape
}

/// The schema a fresh database gets from the full DDL of `schema`.
pub fn fresh(dialect: &str, schema: &Schema) -> LiveSchema {
    let ddl = render_ddl(schema, kind(dialect));
    let mut engines = Engines::new();
    match dialect {
        "postgres" => engines
            .pg
            .client
            .batch_execute(&ddl)
            .expect("fresh DDL on PostgreSQL"),
        "mysql" => {
            for statement in schemac::migrate::statements::split(&ddl) {
                engines
                    .my
                    .conn
                    .query_drop(&statement.text)
                    .expect("fresh DDL on MariaDB");
            }
        }
        _ => engines
            .lite
            .execute_batch(&ddl)
            .expect("fresh DDL on SQLite"),
    }
    comparable(&engines.introspect(dialect))
}

/// A literal valid for a column of type `ty` in every engine; `n` makes it unique.
fn literal(ty: &ColumnType, n: u64) -> String {
    match ty {
        ColumnType::Bool => "TRUE".into(),
        ColumnType::SmallInt | ColumnType::Int | ColumnType::BigInt => format!("{}", n % 30000 + 1),
        ColumnType::Decimal { .. } | ColumnType::Float | ColumnType::Double => {
            format!("{}.5", n % 1000 + 1)
        }
        ColumnType::String { length } => {
            let text = format!("v{n}");
            format!("'{}'", &text[..text.len().min(*length as usize)])
        }
        ColumnType::Text => format!("'text {n}'"),
        ColumnType::Bytes => "'ab'".into(),
        ColumnType::Date => "'2024-01-02'".into(),
        ColumnType::Time => "'10:11:12'".into(),
        ColumnType::Timestamp | ColumnType::Timestamptz => "'2024-01-02 03:04:05'".into(),
        ColumnType::Uuid => format!("'00000000-0000-0000-0000-{n:012}'"),
        ColumnType::Json | ColumnType::Array(_) => "'[]'".into(),
        ColumnType::Enum(native) => {
            format!("'{}'", native.values.first().cloned().unwrap_or_default())
        }
    }
}

/// Inserts two rows into every entity table of `state`, each column filled (foreign
/// keys point at row 1 or at the first value of a lookup table); the new column of a
/// pending expand is left out, as old code would.
pub fn insert_rows(
    engines: &mut Engines,
    dialect: &str,
    state: &Schema,
    pending_new: &[(String, String)],
    counter: &mut u64,
) {
    let order = schemac_backends::order::order_tables(state, false);
    for &i in &order.tables {
        let table = &state.tables[i];
        if table.kind == TableKind::EnumLookup {
            continue;
        }
        for _ in 0..2 {
            *counter += 1;
            let n = *counter;
            let mut columns = Vec::new();
            let mut values = Vec::new();
            for column in &table.columns {
                if column.identity
                    || pending_new
                        .iter()
                        .any(|(t, c)| *t == table.name && *c == column.name)
                {
                    continue;
                }
                let fk = table
                    .foreign_keys
                    .iter()
                    .find(|f| f.columns.contains(&column.name));
                let value = match fk {
                    Some(f) if f.ref_table == table.name => "NULL".to_string(),
                    Some(f) => match state.table(&f.ref_table) {
                        Some(target) if target.kind == TableKind::EnumLookup => {
                            match target.seed_rows.first().and_then(|r| r.first()) {
                                Some(Value::String(s)) => format!("'{s}'"),
                                _ => "NULL".into(),
                            }
                        }
                        _ => "1".into(),
                    },
                    None => literal(&column.ty, n),
                };
                columns.push(column.name.clone());
                values.push(value);
            }
            let quote = |c: &str| {
                if dialect == "mysql" {
                    format!("`{c}`")
                } else {
                    format!("\"{c}\"")
                }
            };
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                quote(&table.name),
                columns
                    .iter()
                    .map(|c| quote(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                values.join(", ")
            );
            engines.execute(dialect, &sql);
        }
    }
}

fn counts(engines: &mut Engines, dialect: &str, state: &Schema) -> BTreeMap<String, i64> {
    state
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::Entity)
        .map(|t| {
            let quoted = if dialect == "mysql" {
                format!("`{}`", t.name)
            } else {
                format!("\"{}\"", t.name)
            };
            (
                t.name.clone(),
                engines.query_i64(dialect, &format!("SELECT COUNT(*) FROM {quoted}")),
            )
        })
        .collect()
}

/// Builds every version into a new project without any database, checking that each
/// build does what the version expects.
pub fn build_all(versions: &[Version]) -> Project {
    let project = Project::new();
    for (step, version) in versions.iter().enumerate() {
        let code = project.build(version);
        let expected = if version.expect == Expect::Refused {
            1
        } else {
            0
        };
        assert_eq!(code, expected, "step {step}: build exit code");
    }
    project
}

/// Builds every version and applies the new migration files with `schemac apply` on
/// the three engines, checking at each step that no row is lost, and at the end that
/// the migrated databases hold the schema of the last snapshot exactly as a fresh
/// database does. Returns the project for further checks.
pub fn replay(versions: &[Version]) -> Project {
    replay_on(versions, &DIALECTS)
}

/// [`replay`] on some of the engines.
pub fn replay_on(versions: &[Version], dialects: &[&str]) -> Project {
    let project = Project::new();
    let mut engines = Engines::new();
    let mut state = Schema::default();
    let mut counter = 0u64;
    // Columns every row has a value in: they must still have one at the end.
    let mut filled: Vec<(String, String)> = Vec::new();
    for (step, version) in versions.iter().enumerate() {
        let before: Vec<usize> = DIALECTS.iter().map(|d| project.files(d).len()).collect();
        let code = project.build(version);
        let after: Vec<usize> = DIALECTS.iter().map(|d| project.files(d).len()).collect();
        match version.expect {
            Expect::Written => assert_eq!(code, 0, "step {step}: build failed"),
            Expect::Refused => {
                assert_eq!(code, 1, "step {step}: build should refuse");
                assert_eq!(before, after, "step {step}: a refused build wrote files");
                continue;
            }
            Expect::Unchanged => {
                assert_eq!(code, 0, "step {step}: build failed");
                assert_eq!(
                    before, after,
                    "step {step}: an unchanged schema wrote files"
                );
                continue;
            }
        }
        assert!(
            after.iter().zip(&before).any(|(a, b)| a > b),
            "step {step}: no migration written"
        );
        let snapshot = project.snapshot();
        let pending_new: Vec<(String, String)> = snapshot
            .pending
            .iter()
            .map(|p| (p.table.clone(), p.new.clone()))
            .collect();
        for &dialect in dialects {
            let rows_before = counts(&mut engines, dialect, &state);
            engines.apply(&project, dialect);
            let rows_after = counts(&mut engines, dialect, &snapshot.schema);
            for (table, count) in &rows_before {
                if let Some(now) = rows_after.get(table) {
                    assert_eq!(now, count, "step {step}, {dialect}: rows of {table} lost");
                }
            }
            insert_rows(
                &mut engines,
                dialect,
                &snapshot.schema,
                &pending_new,
                &mut counter,
            );
        }
        // A rename carries the values of its old column.
        for p in &snapshot.pending {
            if p.kind == PendingKind::Rename && filled.contains(&(p.table.clone(), p.old.clone())) {
                filled.push((p.table.clone(), p.new.clone()));
            }
        }
        if step == 0 {
            for table in snapshot
                .schema
                .tables
                .iter()
                .filter(|t| t.kind == TableKind::Entity)
            {
                // Self-references are inserted NULL (the row they would point at may
                // not exist yet).
                let self_reference = |column: &str| {
                    table
                        .foreign_keys
                        .iter()
                        .any(|f| f.ref_table == table.name && f.columns.iter().any(|c| c == column))
                };
                for column in table.columns.iter().filter(|c| !self_reference(&c.name)) {
                    filled.push((table.name.clone(), column.name.clone()));
                }
            }
        }
        state = snapshot.schema;
    }
    assert!(
        project.snapshot().pending.is_empty(),
        "the sequence must end contracted"
    );
    for &dialect in dialects {
        let migrated = comparable(&engines.introspect(dialect));
        let expected = fresh(dialect, &state);
        schemac_testkit::assert_same_schema(
            &migrated,
            &expected,
            &format!("{dialect}: migrated vs fresh DDL"),
        );
        for (table, column) in &filled {
            let Some(t) = state.table(table) else {
                continue;
            };
            if t.column(column).is_none() {
                continue;
            }
            let q = |c: &str| {
                if dialect == "mysql" {
                    format!("`{c}`")
                } else {
                    format!("\"{c}\"")
                }
            };
            let nulls = engines.query_i64(
                dialect,
                &format!(
                    "SELECT COUNT(*) FROM {} WHERE {} IS NULL",
                    q(table),
                    q(column)
                ),
            );
            assert_eq!(nulls, 0, "{dialect}: values of {table}.{column} were lost");
        }
    }
    project
}
