//! `schemac bench` on PostgreSQL, MariaDB and SQLite: the real binary loads the examples
//! at a small scale into a fresh location; the rows match the targets, every foreign key
//! and unique key holds, the report lists every declared query, and the loaded database
//! introspects exactly as the DDL applied to an empty location (the PostgreSQL load sets
//! indexes and foreign keys aside and restores them).

use mysql::prelude::Queryable;
use schemac_backends::naming::Namer;
use schemac_backends::{
    expected_live, introspect_mysql, introspect_postgres, introspect_sqlite, render_ddl,
    DialectKind,
};
use schemac_compiler::ir::Schema;
use schemac_testkit::{assert_same_schema, unique_name, MyDatabase, PgSchema};
use std::path::PathBuf;
use std::process::Command;

enum Db {
    Postgres(PgSchema),
    Mariadb(MyDatabase),
    Sqlite(PathBuf),
}

impl Db {
    fn url(&self) -> String {
        match self {
            Db::Postgres(s) => s.url(),
            Db::Mariadb(d) => format!("mysql://root@127.0.0.1:3306/{}", d.name),
            Db::Sqlite(path) => path.display().to_string(),
        }
    }

    fn kind(&self) -> DialectKind {
        match self {
            Db::Postgres(_) => DialectKind::Postgres,
            Db::Mariadb(_) => DialectKind::Mariadb,
            Db::Sqlite(_) => DialectKind::Sqlite,
        }
    }

    fn count(&mut self, sql: &str) -> i64 {
        match self {
            Db::Postgres(s) => s
                .client
                .query_one(sql, &[])
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .get(0),
            Db::Mariadb(d) => d
                .conn
                .query_first::<i64, _>(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
                .unwrap_or(0),
            Db::Sqlite(path) => rusqlite::Connection::open(path)
                .and_then(|c| c.query_row(sql, [], |r| r.get(0)))
                .unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Db::Sqlite(path) = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn compile(example: &str) -> Schema {
    let mut diags = schemac_lang::Diagnostics::new();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let loaded = schemac::load::load(&[root], &mut diags);
    schemac_compiler::compile(&loaded.project, &mut diags).expect("the example compiles")
}

fn bench(db: &Db, example: &str, scale: &str) -> serde_json::Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let output = Command::new(env!("CARGO_BIN_EXE_schemac"))
        .arg("bench")
        .arg(&path)
        .args([
            "--url",
            &db.url(),
            "--scale",
            scale,
            "--runs",
            "3",
            "--format",
            "json",
        ])
        .output()
        .expect("running schemac");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// Row counts, foreign keys, unique keys and the list of queries.
fn verify(db: &mut Db, example: &str, scale: &str) {
    let schema = compile(example);
    let report = bench(db, example, scale);
    let dialect = schemac_backends::dialect(db.kind());
    let namer = Namer::new(dialect.as_ref());
    let q = |name: &str| namer.ident(name);
    for table in report["tables"].as_array().expect("tables") {
        let name = table["name"].as_str().expect("name");
        let rows = table["rows"].as_i64().expect("rows");
        if table["note"].is_null() {
            assert_eq!(
                rows,
                table["target_rows"].as_i64().expect("target"),
                "{name}: {table}"
            );
        }
        assert_eq!(
            db.count(&format!("SELECT count(*) FROM {}", q(name))),
            rows,
            "{name}"
        );
    }
    for table in &schema.tables {
        for fk in &table.foreign_keys {
            let on: Vec<String> = fk
                .columns
                .iter()
                .zip(&fk.ref_columns)
                .map(|(c, r)| format!("c.{} = p.{}", q(c), q(r)))
                .collect();
            let sql = format!(
                "SELECT count(*) FROM {} c LEFT JOIN {} p ON {} WHERE c.{} IS NOT NULL AND p.{} IS NULL",
                q(&table.name),
                q(&fk.ref_table),
                on.join(" AND "),
                q(&fk.columns[0]),
                q(&fk.ref_columns[0])
            );
            assert_eq!(db.count(&sql), 0, "orphans: {sql}");
        }
        let unique_sets = std::iter::once(table.primary_key.columns.clone())
            .chain(table.uniques.iter().map(|u| u.columns.clone()))
            .chain(
                table
                    .indexes
                    .iter()
                    .filter(|i| i.unique && i.predicate.is_none())
                    .map(|i| i.columns.iter().map(|k| k.column.clone()).collect()),
            );
        for set in unique_sets.filter(|s| !s.is_empty()) {
            let columns: Vec<String> = set.iter().map(|c| q(c)).collect();
            let not_null: Vec<String> =
                columns.iter().map(|c| format!("{c} IS NOT NULL")).collect();
            let sql = format!(
                "SELECT count(*) FROM (SELECT {cols} FROM {t} WHERE {nn} GROUP BY {cols} HAVING count(*) > 1) d",
                cols = columns.join(", "),
                t = q(&table.name),
                nn = not_null.join(" AND ")
            );
            assert_eq!(db.count(&sql), 0, "duplicates: {sql}");
        }
    }
    let listed: Vec<&str> = report["queries"]
        .as_array()
        .expect("queries")
        .iter()
        .map(|query| {
            assert!(query["error"].is_null(), "{query}");
            query["name"].as_str().expect("name")
        })
        .collect();
    let declared: Vec<&str> = schema.queries.iter().map(|q| q.name.as_str()).collect();
    assert_eq!(listed, declared);
    same_schema_as_the_ddl(db, &schema, example);
}

/// After the load (on PostgreSQL: indexes and foreign keys set aside, then restored),
/// the database introspects exactly as the DDL applied to an empty location does, and
/// as `expected_live` says it should.
fn same_schema_as_the_ddl(db: &mut Db, schema: &Schema, example: &str) {
    let kind = db.kind();
    let ddl = render_ddl(schema, kind);
    let (loaded, fresh) = match db {
        Db::Postgres(s) => {
            let loaded = introspect_postgres(&mut s.client, &s.name).expect("introspection");
            let mut fresh = PgSchema::new();
            fresh.client.batch_execute(&ddl).expect("the DDL applies");
            let live = introspect_postgres(&mut fresh.client, &fresh.name).expect("introspection");
            (loaded, live)
        }
        Db::Mariadb(d) => {
            let loaded = introspect_mysql(&mut d.conn, &d.name).expect("introspection");
            let mut fresh = MyDatabase::new();
            fresh.conn.query_drop(&ddl).expect("the DDL applies");
            let live = introspect_mysql(&mut fresh.conn, &fresh.name).expect("introspection");
            (loaded, live)
        }
        Db::Sqlite(path) => {
            let conn = rusqlite::Connection::open(path).expect("the bench's file");
            let loaded = introspect_sqlite(&conn).expect("introspection");
            let fresh = schemac_testkit::sqlite();
            fresh.execute_batch(&ddl).expect("the DDL applies");
            (loaded, introspect_sqlite(&fresh).expect("introspection"))
        }
    };
    let context = format!("{example} on {kind:?} after bench");
    assert_same_schema(&loaded, &fresh, &context);
    assert_same_schema(
        &loaded.shape(),
        &expected_live(schema, kind).shape(),
        &context,
    );
}

fn sqlite_db() -> Db {
    Db::Sqlite(std::env::temp_dir().join(format!("{}.db", unique_name())))
}

#[test]
fn postgres_shop() {
    verify(&mut Db::Postgres(PgSchema::new()), "shop", "0.0002");
}

#[test]
fn postgres_publishing() {
    verify(&mut Db::Postgres(PgSchema::new()), "publishing", "0.0005");
}

#[test]
fn postgres_saas() {
    verify(&mut Db::Postgres(PgSchema::new()), "saas", "0.00001");
}

#[test]
fn mariadb_shop() {
    verify(&mut Db::Mariadb(MyDatabase::new()), "shop", "0.0002");
}

#[test]
fn mariadb_publishing() {
    verify(&mut Db::Mariadb(MyDatabase::new()), "publishing", "0.0005");
}

#[test]
fn mariadb_saas() {
    verify(&mut Db::Mariadb(MyDatabase::new()), "saas", "0.00001");
}

#[test]
fn sqlite_shop() {
    verify(&mut sqlite_db(), "shop", "0.0002");
}

#[test]
fn sqlite_publishing() {
    verify(&mut sqlite_db(), "publishing", "0.0005");
}

#[test]
fn sqlite_saas() {
    verify(&mut sqlite_db(), "saas", "0.00001");
}

#[test]
fn refuses_a_non_empty_sqlite_file() {
    let db = sqlite_db();
    let Db::Sqlite(path) = &db else {
        unreachable!()
    };
    rusqlite::Connection::open(path)
        .and_then(|c| {
            c.execute_batch("CREATE TABLE mine (x integer); INSERT INTO mine VALUES (1);")
        })
        .expect("a user database");
    let shop = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/shop");
    let output = Command::new(env!("CARGO_BIN_EXE_schemac"))
        .arg("bench")
        .arg(&shop)
        .args(["--url", &db.url(), "--format", "json"])
        .output()
        .expect("running schemac");
    assert_eq!(output.status.code(), Some(1));
    let count: i64 = rusqlite::Connection::open(path)
        .and_then(|c| c.query_row("SELECT count(*) FROM mine", [], |r| r.get(0)))
        .expect("the user's table is intact");
    assert_eq!(count, 1);
}

#[test]
fn postgres_default_schema_is_dropped() {
    let shop = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/shop");
    let output = Command::new(env!("CARGO_BIN_EXE_schemac"))
        .arg("bench")
        .arg(&shop)
        .args([
            "--url",
            "postgres://postgres@127.0.0.1:5432/postgres",
            "--scale",
            "0.0001",
            "--runs",
            "2",
            "--format",
            "json",
        ])
        .output()
        .expect("running schemac");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let name = report["location"]["name"]
        .as_str()
        .expect("a schema name")
        .to_string();
    assert!(name.starts_with("schemac_bench_"));
    assert_eq!(report["location"]["dropped"], true);
    let mut pg = PgSchema::new();
    let left: i64 = pg
        .client
        .query_one(
            "SELECT count(*) FROM pg_namespace WHERE nspname = $1",
            &[&name],
        )
        .expect("query")
        .get(0);
    assert_eq!(left, 0);
}
