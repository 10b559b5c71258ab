//! Snapshots of the rich schema's DDL per dialect. MySQL 8 is tested by snapshot only:
//! the live server here is MariaDB 10.11.

mod support;

use schemac_backends::{render_ddl, DialectKind};

#[test]
fn postgres_ddl() {
    insta::assert_snapshot!(render_ddl(&support::rich_schema(), DialectKind::Postgres));
}

#[test]
fn mysql8_ddl() {
    insta::assert_snapshot!(render_ddl(&support::rich_schema(), DialectKind::Mysql));
}

#[test]
fn mariadb_ddl() {
    insta::assert_snapshot!(render_ddl(&support::rich_schema(), DialectKind::Mariadb));
}

#[test]
fn sqlite_ddl() {
    insta::assert_snapshot!(render_ddl(&support::rich_schema(), DialectKind::Sqlite));
}

#[test]
fn rendering_is_deterministic() {
    let schema = support::rich_schema();
    for kind in DialectKind::ALL {
        assert_eq!(render_ddl(&schema, kind), render_ddl(&schema, kind));
    }
}

/// The rich schema's PostgreSQL DDL is kept as a plain SQL file for squawk
/// (`squawk backends/tests/fixtures/rich_schema.postgres.sql`, configured by the
/// workspace's `.squawk.toml`). Rewrite it with `SCHEMAC_UPDATE_FIXTURES=1`.
#[test]
fn postgres_ddl_fixture_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rich_schema.postgres.sql");
    let ddl = render_ddl(&support::rich_schema(), DialectKind::Postgres);
    if std::env::var_os("SCHEMAC_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &ddl).expect("writing the fixture");
    }
    let fixture = std::fs::read_to_string(&path).expect("reading the fixture");
    assert_eq!(
        fixture, ddl,
        "the fixture is stale: rerun with SCHEMAC_UPDATE_FIXTURES=1"
    );
}
