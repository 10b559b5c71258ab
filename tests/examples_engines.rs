//! Every example's DDL is applied on the real engines (PostgreSQL, MariaDB, SQLite),
//! the database is introspected, and what it holds is compared with what the IR says it
//! should hold: tables, column types, nullability, defaults, keys, foreign keys with
//! their actions, uniques, checks and indexes with column order, direction and
//! predicate. The DDL itself is snapshotted per dialect.

mod support;

use mysql::prelude::Queryable;
use schemac_backends::{
    expected_live, introspect_mysql, introspect_postgres, introspect_sqlite, render_ddl,
    DialectKind,
};

#[test]
fn examples_apply_on_postgres_and_introspect_as_planned() {
    for example in support::examples() {
        let schema = support::compile(&example);
        let ddl = render_ddl(&schema, DialectKind::Postgres);
        let mut db = schemac_testkit::PgSchema::new();
        db.client
            .batch_execute(&ddl)
            .unwrap_or_else(|e| panic!("{}: applying failed: {e:?}\n{ddl}", example.display()));
        let live = introspect_postgres(&mut db.client, &db.name).expect("introspection");
        let expected = expected_live(&schema, DialectKind::Postgres);
        schemac_testkit::assert_same_schema(
            &live.shape(),
            &expected.shape(),
            &example.display().to_string(),
        );
    }
}

#[test]
fn examples_apply_on_mariadb_and_introspect_as_planned() {
    for example in support::examples() {
        let schema = support::compile(&example);
        let ddl = render_ddl(&schema, DialectKind::Mariadb);
        let mut db = schemac_testkit::MyDatabase::new();
        db.conn
            .query_drop(&ddl)
            .unwrap_or_else(|e| panic!("{}: applying failed: {e:?}\n{ddl}", example.display()));
        let live = introspect_mysql(&mut db.conn, &db.name).expect("introspection");
        let expected = expected_live(&schema, DialectKind::Mariadb);
        schemac_testkit::assert_same_schema(
            &live.shape(),
            &expected.shape(),
            &example.display().to_string(),
        );
    }
}

#[test]
fn examples_apply_on_sqlite_and_introspect_as_planned() {
    for example in support::examples() {
        let schema = support::compile(&example);
        let ddl = render_ddl(&schema, DialectKind::Sqlite);
        let conn = schemac_testkit::sqlite();
        conn.execute_batch(&ddl)
            .unwrap_or_else(|e| panic!("{}: applying failed: {e}\n{ddl}", example.display()));
        let live = introspect_sqlite(&conn).expect("introspection");
        let expected = expected_live(&schema, DialectKind::Sqlite);
        schemac_testkit::assert_same_schema(
            &live.shape(),
            &expected.shape(),
            &example.display().to_string(),
        );
    }
}

#[test]
fn example_ddl_snapshots() {
    for example in support::examples() {
        let schema = support::compile(&example);
        let name = example
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("example")
            .to_string();
        for kind in [
            DialectKind::Postgres,
            DialectKind::Mysql,
            DialectKind::Mariadb,
            DialectKind::Sqlite,
        ] {
            let snapshot = format!("{name}__{}", format!("{kind:?}").to_lowercase());
            insta::assert_snapshot!(snapshot, render_ddl(&schema, kind));
        }
    }
}
