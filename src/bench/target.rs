//! Where the bench writes: a fresh PostgreSQL schema, a fresh MySQL database, or a new
//! SQLite file. A location the user named must be empty and is kept; a location the
//! bench creates is dropped afterwards unless `--keep`. Existing data is never touched.

use crate::migrate::connection::{Access, Connection};
use crate::migrate::statements;
use crate::migrate::url::DbUrl;
use crate::migrate::Failure;
use mysql::prelude::Queryable;
use schemac_backends::DialectKind;
use serde::Serialize;
use std::hash::BuildHasher;

/// The database the bench fills.
pub struct Target {
    pub conn: Connection,
    pub kind: DialectKind,
    pub location: Location,
}

/// Where the rows went and whether they are removed afterwards.
#[derive(Clone, Debug, Serialize)]
pub struct Location {
    /// `schema`, `database` or `file`.
    pub kind: &'static str,
    pub name: String,
    /// Created by the bench (and so dropped at the end unless `--keep`).
    pub created: bool,
    pub dropped: bool,
}

/// Connects and prepares an empty location.
pub fn open(url: &DbUrl) -> Result<Target, Failure> {
    match url {
        DbUrl::Sqlite(path) => {
            if path.exists() {
                let conn = Connection::connect(url, Access::ReadOnly)?;
                let Connection::Sqlite(lite) = &conn else {
                    unreachable_engine()?
                };
                let objects: i64 = lite
                    .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                    .map_err(|e| Failure::Database(format!("SQLite: {e}")))?;
                if objects > 0 {
                    return Err(Failure::Refused(format!(
                        "`{}` is not an empty database: bench only writes to a new or empty file",
                        path.display()
                    )));
                }
            }
            let conn = Connection::connect(url, Access::ReadWrite)?;
            if let Connection::Sqlite(lite) = &conn {
                lite.execute_batch("PRAGMA foreign_keys = ON;")
                    .map_err(|e| Failure::Database(format!("SQLite: {e}")))?;
            }
            Ok(Target {
                conn,
                kind: DialectKind::Sqlite,
                location: Location {
                    kind: "file",
                    name: path.display().to_string(),
                    created: false,
                    dropped: false,
                },
            })
        }
        DbUrl::Postgres(server) => {
            let mut conn = Connection::connect(url, Access::ReadWrite)?;
            let Connection::Postgres { client, schema } = &mut conn else {
                unreachable_engine()?
            };
            let created = server.schema.is_none();
            if created {
                let name = fresh_name();
                client
                    .batch_execute(&format!("CREATE SCHEMA {name}; SET search_path TO {name};"))
                    .map_err(pg)?;
                *schema = name;
            } else {
                let row = client
                    .query_one(
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                         WHERE n.nspname = $1",
                        &[&*schema],
                    )
                    .map_err(pg)?;
                let objects: i64 = row.try_get(0).map_err(pg)?;
                if objects > 0 {
                    return Err(Failure::Refused(format!(
                        "the PostgreSQL schema `{schema}` is not empty: name an empty schema, or leave \
                         `?schema=` out to bench in a new one"
                    )));
                }
            }
            let name = schema.clone();
            Ok(Target {
                conn,
                kind: DialectKind::Postgres,
                location: Location {
                    kind: "schema",
                    name,
                    created,
                    dropped: false,
                },
            })
        }
        DbUrl::Mysql(_) => {
            let mut conn = Connection::connect(url, Access::ReadWrite)?;
            let kind = conn.kind()?;
            let Connection::Mysql { conn: my, database } = &mut conn else {
                unreachable_engine()?
            };
            let tables: Option<i64> = my
                .query_first("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()")
                .map_err(mysql)?;
            let created = tables.unwrap_or(0) > 0;
            if created {
                let name = fresh_name();
                my.query_drop(format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"))
                    .map_err(mysql)?;
                my.select_db(&name).map_err(mysql)?;
                *database = name;
            }
            let name = database.clone();
            Ok(Target {
                conn,
                kind,
                location: Location {
                    kind: "database",
                    name,
                    created,
                    dropped: false,
                },
            })
        }
    }
}

/// Applies the DDL.
pub fn apply(target: &mut Target, ddl: &str) -> Result<(), Failure> {
    match &mut target.conn {
        Connection::Postgres { client, .. } => client.batch_execute(ddl).map_err(pg),
        Connection::Mysql { conn, .. } => {
            for statement in statements::split(ddl) {
                conn.query_drop(&statement.text).map_err(mysql)?;
            }
            Ok(())
        }
        Connection::Sqlite(conn) => conn
            .execute_batch(ddl)
            .map_err(|e| Failure::Database(format!("SQLite: {e}"))),
    }
}

/// Drops the location when the bench created it and `keep` is off.
pub fn clean_up(target: &mut Target, keep: bool) -> Result<(), Failure> {
    if keep || !target.location.created {
        return Ok(());
    }
    let name = target.location.name.clone();
    match &mut target.conn {
        Connection::Postgres { client, .. } => client
            .batch_execute(&format!("DROP SCHEMA {name} CASCADE"))
            .map_err(pg)?,
        Connection::Mysql { conn, .. } => conn
            .query_drop(format!("DROP DATABASE {name}"))
            .map_err(mysql)?,
        Connection::Sqlite(_) => return Ok(()),
    }
    target.location.dropped = true;
    Ok(())
}

/// `schemac_bench_<12 hex digits>`, different on every call.
fn fresh_name() -> String {
    let hash = std::collections::hash_map::RandomState::new()
        .hash_one((std::process::id(), std::time::SystemTime::now()));
    format!("schemac_bench_{:012x}", hash & 0xffff_ffff_ffff)
}

/// `Connection::connect` returns the engine of the URL it was given.
fn unreachable_engine<T>() -> Result<T, Failure> {
    Err(Failure::Database(
        "the connection is for another engine than the URL".to_string(),
    ))
}

fn pg(error: postgres::Error) -> Failure {
    Failure::Database(format!("PostgreSQL: {}", super::load::describe_pg(&error)))
}

fn mysql(error: mysql::Error) -> Failure {
    Failure::Database(format!("MySQL: {error}"))
}
