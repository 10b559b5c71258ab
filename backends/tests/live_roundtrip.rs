//! The rich schema's DDL is applied in one go on each real engine, introspected, and
//! compared with `expected_live` for the IR: names after shortening, normalized types,
//! nullability, defaults, keys, foreign keys with actions, uniques, check names,
//! indexes with column order, direction and predicate presence, triggers, comments.

mod support;

use mysql::prelude::Queryable;
use schemac_backends::{
    expected_live, introspect_mysql, introspect_postgres, introspect_sqlite, render_ddl,
    DialectKind, LiveSchema,
};

fn assert_same(live: &LiveSchema, expected: &LiveSchema) {
    schemac_testkit::assert_same_schema(&live.shape(), &expected.shape(), "rich schema");
}

#[test]
fn postgres_round_trip() {
    let schema = support::rich_schema();
    let mut db = schemac_testkit::PgSchema::new();
    let ddl = render_ddl(&schema, DialectKind::Postgres);
    db.client
        .batch_execute(&ddl)
        .unwrap_or_else(|e| panic!("applying the DDL failed: {e:?}\n{ddl}"));
    let live = introspect_postgres(&mut db.client, &db.name).expect("introspection");
    assert_same(&live, &expected_live(&schema, DialectKind::Postgres));
    assert!(live.table(support::LONG_TABLE).is_none());
    assert!(live.tables.iter().all(|t| t.name.len() <= 63));
}

#[test]
fn mariadb_round_trip() {
    let schema = support::rich_schema();
    let mut db = schemac_testkit::MyDatabase::new();
    let ddl = render_ddl(&schema, DialectKind::Mariadb);
    db.conn
        .query_drop(&ddl)
        .unwrap_or_else(|e| panic!("applying the DDL failed: {e}\n{ddl}"));
    let live = introspect_mysql(&mut db.conn, &db.name).expect("introspection");
    assert_same(&live, &expected_live(&schema, DialectKind::Mariadb));
}

#[test]
fn sqlite_round_trip() {
    let schema = support::rich_schema();
    let conn = schemac_testkit::sqlite();
    let ddl = render_ddl(&schema, DialectKind::Sqlite);
    conn.execute_batch(&ddl)
        .unwrap_or_else(|e| panic!("applying the DDL failed: {e}\n{ddl}"));
    let live = introspect_sqlite(&conn).expect("introspection");
    assert_same(&live, &expected_live(&schema, DialectKind::Sqlite));
    assert!(live.table(support::LONG_TABLE).is_some());
}

#[test]
fn sqlite_round_trip_on_a_file() {
    let schema = support::rich_schema();
    let path = std::env::temp_dir().join(format!("{}.db", schemac_testkit::unique_name()));
    {
        let conn = rusqlite::Connection::open(&path).expect("opening the file");
        conn.execute_batch(&render_ddl(&schema, DialectKind::Sqlite))
            .expect("applying the DDL");
    }
    let conn = rusqlite::Connection::open(&path).expect("reopening the file");
    let live = introspect_sqlite(&conn).expect("introspection");
    drop(conn);
    let _ = std::fs::remove_file(&path);
    assert_same(&live, &expected_live(&schema, DialectKind::Sqlite));
}
