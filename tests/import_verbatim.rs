//! The escape hatch round-trips: `@sql("<dialect>", ...)` on an entity is lowered into
//! the IR, each backend emits the statements of its dialect (and only those) after the
//! tables and indexes, they apply on the real engine, and the database then matches
//! `expected_live` once the indexes the statements create by name are set aside
//! (`schemac_backends::verbatim::forget_created_objects`).

use schemac_backends::verbatim::forget_created_objects;
use schemac_backends::{expected_live, render_ddl, DialectKind, LiveSchema};
use schemac_compiler::ir::{Schema, VerbatimSql};
use schemac_lang::Diagnostics;
use schemac_testkit::{assert_same_schema, sqlite, MyDatabase, PgSchema};

const SOURCE: &str = r#"
entity User @sql("postgres", "CREATE INDEX users_lower_email_idx ON users (lower(email))", "COMMENT ON INDEX users_lower_email_idx IS 'case-insensitive lookups'") @sql("mysql", "CREATE INDEX users_email_prefix_idx ON users (email(10))") @sql("sqlite", "CREATE INDEX users_lower_email_idx ON users (lower(email));") {
  id    id
  email string(255)
}
"#;

fn schema() -> Schema {
    let dir = std::env::temp_dir().join(format!(
        "schemac-verbatim-{}",
        schemac_testkit::unique_name()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("users.schema");
    std::fs::write(&path, SOURCE).expect("write");
    let mut diags = Diagnostics::new();
    let loaded = schemac::load::load(&[path], &mut diags);
    let schema = schemac_compiler::compile(&loaded.project, &mut diags);
    let _ = std::fs::remove_dir_all(&dir);
    schema.expect("compiles")
}

fn check(kind: DialectKind, live: impl FnOnce(&str) -> LiveSchema, statement: &str) {
    let schema = schema();
    let ddl = render_ddl(&schema, kind);
    assert!(
        ddl.trim_end().ends_with(&format!("{statement};")),
        "{kind}:\n{ddl}"
    );
    let others = schema.tables[0]
        .verbatim
        .iter()
        .filter(|v| !ddl.contains(&v.sql))
        .count();
    // The statements of the other dialects are not emitted (the PostgreSQL and SQLite
    // indexes share their text).
    let expected_others = match kind {
        DialectKind::Postgres => 1,
        DialectKind::Sqlite => 2,
        DialectKind::Mysql | DialectKind::Mariadb => 3,
    };
    assert_eq!(others, expected_others, "{kind}:\n{ddl}");
    let mut live = live(&ddl);
    let created = live.tables[0].indexes.len();
    forget_created_objects(&mut live, &schema, kind);
    assert_eq!(
        live.tables[0].indexes.len(),
        created - 1,
        "{kind}: the verbatim index"
    );
    assert_same_schema(
        &live.shape(),
        &expected_live(&schema, kind).shape(),
        kind.as_str(),
    );
}

#[test]
fn verbatim_statements_are_lowered_in_order() {
    let schema = schema();
    let sql: Vec<(&str, &str)> = schema.tables[0]
        .verbatim
        .iter()
        .map(|VerbatimSql { dialect, sql }| (dialect.as_str(), sql.as_str()))
        .collect();
    assert_eq!(
        sql,
        [
            (
                "postgres",
                "CREATE INDEX users_lower_email_idx ON users (lower(email))"
            ),
            (
                "postgres",
                "COMMENT ON INDEX users_lower_email_idx IS 'case-insensitive lookups'"
            ),
            (
                "mysql",
                "CREATE INDEX users_email_prefix_idx ON users (email(10))"
            ),
            (
                "sqlite",
                "CREATE INDEX users_lower_email_idx ON users (lower(email))"
            ),
        ]
    );
}

#[test]
fn verbatim_statements_apply_on_postgres() {
    check(
        DialectKind::Postgres,
        |ddl| {
            let mut db = PgSchema::new();
            db.client.batch_execute(ddl).expect("applying");
            schemac_backends::introspect_postgres(&mut db.client, &db.name).expect("introspection")
        },
        "COMMENT ON INDEX users_lower_email_idx IS 'case-insensitive lookups'",
    );
}

#[test]
fn verbatim_statements_apply_on_mariadb() {
    use mysql::prelude::Queryable;
    check(
        DialectKind::Mariadb,
        |ddl| {
            let mut db = MyDatabase::new();
            for s in schemac_import::split::statements(ddl) {
                if !schemac_import::split::strip_comments(s.text)
                    .trim()
                    .is_empty()
                {
                    db.conn.query_drop(s.text).expect("applying");
                }
            }
            schemac_backends::introspect_mysql(&mut db.conn, &db.name).expect("introspection")
        },
        "CREATE INDEX users_email_prefix_idx ON users (email(10))",
    );
}

#[test]
fn verbatim_statements_apply_on_sqlite() {
    check(
        DialectKind::Sqlite,
        |ddl| {
            let conn = sqlite();
            conn.execute_batch(ddl).expect("applying");
            schemac_backends::introspect_sqlite(&conn).expect("introspection")
        },
        "CREATE INDEX users_lower_email_idx ON users (lower(email))",
    );
}
