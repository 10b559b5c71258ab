//! Loading generated rows with each engine's fast path: PostgreSQL `COPY ... FROM STDIN`
//! (text format, 1 MiB writes), MySQL / MariaDB multi-row `INSERT`s of 1,000 rows
//! committed every ten statements with the key checks off (verified afterwards by
//! `integrity`), SQLite one prepared `INSERT` inside a single transaction. `prepare` and
//! `finish` wrap the whole load: session settings, and the indexes and foreign keys
//! `deferred` sets aside and restores.

use super::cell::Cell;
use super::deferred::{self, SetAside};
use super::generate::{Generator, Outcome};
use super::integrity;
use super::progress::Progress;
use crate::migrate::connection::Connection;
use crate::migrate::Failure;
use mysql::prelude::Queryable;
use schemac_backends::naming::Namer;
use schemac_backends::DialectKind;
use schemac_compiler::ir::{ColumnType, Table};
use std::io::Write;

/// Rows per MySQL `INSERT` statement, at most.
const MYSQL_BATCH: usize = 1000;
/// Bytes per MySQL `INSERT` statement, at most (the server's default packet limit is
/// 16 MiB on MariaDB, 64 MiB on MySQL 8).
const MYSQL_STATEMENT_BYTES: usize = 4 << 20;
/// MySQL statements per transaction.
const MYSQL_BATCHES_PER_COMMIT: usize = 10;
/// Bytes buffered before they go to `COPY`.
const COPY_BUFFER: usize = 1 << 20;
/// SQLite's page cache during the load, in KiB (a negative `cache_size`): large enough
/// that a table's pages are not spilled to the file before the commit.
const SQLITE_CACHE_KIB: i64 = 256 * 1024;

/// What the load changed for its session, to put back by [`finish`].
pub struct Prepared {
    set_aside: Option<SetAside>,
    /// The tables loaded with MySQL's key checks off, to verify afterwards.
    unchecked: Vec<String>,
}

/// How each engine's rows go in, for the report.
pub fn path(kind: DialectKind) -> &'static str {
    match kind {
        DialectKind::Postgres => {
            "COPY FROM STDIN (text, 1 MiB writes, synchronous_commit off); secondary indexes \
             built and foreign keys added (validating every row) after the rows are in"
        }
        DialectKind::Mysql | DialectKind::Mariadb => {
            "multi-row INSERT of up to 1,000 rows (4 MiB), committed every 10 statements, with \
             foreign_key_checks and unique_checks off; then one query per foreign key and \
             unique key proves no orphan and no duplicate"
        }
        DialectKind::Sqlite => {
            "one prepared INSERT in one transaction (synchronous OFF, journal in memory, \
             foreign_keys off); secondary indexes built after the rows are in, then \
             PRAGMA foreign_key_check proves no orphan"
        }
    }
}

/// Session settings for the load, and on PostgreSQL the secondary indexes and foreign
/// keys of the `generated` tables set aside (see `deferred`).
pub fn prepare(conn: &mut Connection, generated: &[String]) -> Result<Prepared, Failure> {
    let mut unchecked = Vec::new();
    let set_aside = match conn {
        Connection::Postgres { client, schema } => {
            client
                .batch_execute("SET synchronous_commit = off")
                .map_err(pg)?;
            Some(deferred::set_aside(client, schema, generated)?)
        }
        Connection::Mysql { conn, .. } => {
            conn.query_drop("SET foreign_key_checks = 0, unique_checks = 0")
                .map_err(my)?;
            unchecked = generated.to_vec();
            None
        }
        Connection::Sqlite(conn) => {
            conn.execute_batch(&format!(
                "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY; \
                 PRAGMA cache_size = -{SQLITE_CACHE_KIB}; PRAGMA foreign_keys = OFF;"
            ))
            .map_err(lite)?;
            Some(deferred::set_aside_sqlite(conn, generated)?)
        }
    };
    Ok(Prepared {
        set_aside,
        unchecked,
    })
}

/// Restores what [`prepare`] set aside (building the indexes, validating the foreign
/// keys) and the session's defaults.
pub fn finish(conn: &mut Connection, prepared: Prepared) -> Result<(), Failure> {
    match conn {
        Connection::Postgres { client, .. } => {
            if let Some(set_aside) = &prepared.set_aside {
                deferred::restore(client, set_aside)?;
            }
            client.batch_execute("RESET synchronous_commit").map_err(pg)
        }
        Connection::Mysql { conn, database } => {
            conn.query_drop("SET foreign_key_checks = 1, unique_checks = 1")
                .map_err(my)?;
            integrity::verify_mysql(conn, database, &prepared.unchecked)
        }
        Connection::Sqlite(conn) => {
            if let Some(set_aside) = &prepared.set_aside {
                deferred::restore_sqlite(conn, set_aside)?;
            }
            conn.execute_batch(
                "PRAGMA synchronous = FULL; PRAGMA journal_mode = DELETE; PRAGMA cache_size = -2000;",
            )
            .map_err(lite)
        }
    }
}

/// Generates and loads `target` rows of `table`.
pub fn load_table<'s>(
    conn: &mut Connection,
    kind: DialectKind,
    table: &'s Table,
    target: u64,
    generator: &mut Generator<'s>,
    progress: &mut Progress,
) -> Result<Outcome, Failure> {
    let dialect = schemac_backends::dialect(kind);
    let namer = Namer::new(dialect.as_ref());
    let name = namer.ident(&table.name);
    let columns: Vec<String> = table.columns.iter().map(|c| namer.ident(&c.name)).collect();
    let types: Vec<&ColumnType> = table.columns.iter().map(|c| &c.ty).collect();
    progress.start(&table.name, target);
    let outcome = match conn {
        Connection::Postgres { client, .. } => {
            let sql = format!("COPY {name} ({}) FROM STDIN", columns.join(", "));
            let mut writer = client.copy_in(sql.as_str()).map_err(pg)?;
            let mut buffer = Vec::with_capacity(COPY_BUFFER * 2);
            let outcome = generator.generate(table, target, &mut |row| {
                copy_line(row, &types, &mut buffer);
                progress.tick();
                if buffer.len() >= COPY_BUFFER {
                    writer.write_all(&buffer).map_err(io)?;
                    buffer.clear();
                }
                Ok(())
            })?;
            writer.write_all(&buffer).map_err(io)?;
            writer.finish().map_err(pg)?;
            outcome
        }
        Connection::Mysql { conn, .. } => {
            let head = format!("INSERT INTO {name} ({}) VALUES ", columns.join(", "));
            let mut statement = head.clone();
            let mut rows = 0usize;
            let mut statements = 0usize;
            conn.query_drop("START TRANSACTION").map_err(my)?;
            let outcome = generator.generate(table, target, &mut |row| {
                if rows > 0 {
                    statement.push(',');
                }
                mysql_tuple(row, &types, &mut statement);
                rows += 1;
                progress.tick();
                if rows == MYSQL_BATCH || statement.len() >= MYSQL_STATEMENT_BYTES {
                    conn.query_drop(&statement).map_err(my)?;
                    statement.truncate(head.len());
                    rows = 0;
                    statements += 1;
                    if statements.is_multiple_of(MYSQL_BATCHES_PER_COMMIT) {
                        conn.query_drop("COMMIT").map_err(my)?;
                        conn.query_drop("START TRANSACTION").map_err(my)?;
                    }
                }
                Ok(())
            })?;
            if rows > 0 {
                conn.query_drop(&statement).map_err(my)?;
            }
            conn.query_drop("COMMIT").map_err(my)?;
            outcome
        }
        Connection::Sqlite(conn) => {
            let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
            let sql = format!(
                "INSERT INTO {name} ({}) VALUES ({})",
                columns.join(", "),
                placeholders.join(", ")
            );
            let tx = conn.transaction().map_err(lite)?;
            let outcome = {
                let mut insert = tx.prepare(&sql).map_err(lite)?;
                generator.generate(table, target, &mut |row| {
                    let values = row
                        .iter()
                        .zip(&types)
                        .map(|(cell, ty)| sqlite_value(cell, ty));
                    insert
                        .execute(rusqlite::params_from_iter(values))
                        .map_err(lite)?;
                    progress.tick();
                    Ok(())
                })?
            };
            tx.commit().map_err(lite)?;
            outcome
        }
    };
    progress.finish();
    Ok(outcome)
}

/// One row in `COPY`'s text format.
fn copy_line(row: &[Cell], types: &[&ColumnType], out: &mut Vec<u8>) {
    for (i, (cell, ty)) in row.iter().zip(types).enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        match cell {
            Cell::Null => out.extend_from_slice(b"\\N"),
            Cell::Bool(b) => out.push(if *b { b't' } else { b'f' }),
            Cell::Int(v) => Cell::write_int(*v, out),
            Cell::Decimal { units, scale } => Cell::write_decimal(*units, *scale, out),
            Cell::Date(d) => Cell::write_date(*d, out),
            Cell::Time(t) => Cell::write_time(*t, out),
            Cell::Timestamp(t) => {
                Cell::write_timestamp(*t, b' ', out);
                if matches!(ty, ColumnType::Timestamptz) {
                    out.extend_from_slice(b"+00");
                }
            }
            Cell::Text(t) | Cell::Json(t) => copy_escape(t, out),
            Cell::Bytes(bytes) => {
                out.extend_from_slice(b"\\\\x");
                out.extend_from_slice(Cell::hex(bytes).as_bytes());
            }
            Cell::Array(items) => {
                let element = match ty {
                    ColumnType::Array(element) => element.as_ref(),
                    other => other,
                };
                let quoted: Vec<String> = items
                    .iter()
                    .map(|item| {
                        let item = text(item, element, Engine::Postgres);
                        format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
                    })
                    .collect();
                copy_escape(&format!("{{{}}}", quoted.join(",")), out);
            }
            other => copy_escape(&text(other, ty, Engine::Postgres), out),
        }
    }
    out.push(b'\n');
}

fn copy_escape(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.extend_from_slice(bytes);
        return;
    }
    for &byte in bytes {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
}

/// One row as a MySQL `(...)` tuple of literals.
fn mysql_tuple(row: &[Cell], types: &[&ColumnType], out: &mut String) {
    out.push('(');
    for (i, (cell, ty)) in row.iter().zip(types).enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Null => out.push_str("NULL"),
            Cell::Bool(b) => out.push_str(if *b { "1" } else { "0" }),
            Cell::Int(_) | Cell::Float(_) | Cell::Decimal { .. } => {
                out.push_str(&text(cell, ty, Engine::Mysql))
            }
            Cell::Bytes(bytes) => {
                out.push_str("X'");
                out.push_str(&Cell::hex(bytes));
                out.push('\'');
            }
            other => {
                out.push('\'');
                out.push_str(
                    &text(other, ty, Engine::Mysql)
                        .replace('\\', "\\\\")
                        .replace('\'', "''"),
                );
                out.push('\'');
            }
        }
    }
    out.push(')');
}

fn sqlite_value(cell: &Cell, ty: &ColumnType) -> rusqlite::types::Value {
    use rusqlite::types::Value;
    match cell {
        Cell::Null => Value::Null,
        Cell::Bool(b) => Value::Integer(i64::from(*b)),
        Cell::Int(v) => Value::Integer(*v),
        Cell::Float(v) => Value::Real(*v),
        Cell::Bytes(bytes) => Value::Blob(bytes.clone()),
        other => Value::Text(text(other, ty, Engine::Sqlite)),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Engine {
    Postgres,
    Mysql,
    Sqlite,
}

/// The text form of a value for `engine` (quoting and escaping are the caller's).
fn text(cell: &Cell, ty: &ColumnType, engine: Engine) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Bool(b) => (if *b { "t" } else { "f" }).to_string(),
        Cell::Int(v) => v.to_string(),
        Cell::Float(v) => v.to_string(),
        Cell::Decimal { units, scale } => Cell::decimal_text(*units, *scale),
        Cell::Text(t) | Cell::Json(t) => t.clone(),
        Cell::Bytes(bytes) => Cell::hex(bytes),
        Cell::Date(d) => Cell::date_text(*d),
        Cell::Time(t) => Cell::time_text(*t),
        Cell::Timestamp(t) => {
            let with_zone = matches!(ty, ColumnType::Timestamptz);
            match engine {
                Engine::Postgres if with_zone => format!("{}+00", Cell::timestamp_text(*t, b' ')),
                Engine::Postgres | Engine::Mysql => Cell::timestamp_text(*t, b' '),
                Engine::Sqlite => {
                    // ISO-8601 with milliseconds, like the dialect's `now()` default.
                    let full = Cell::timestamp_text(*t, b'T');
                    let millis = &full[..full.len() - 3];
                    if with_zone {
                        format!("{millis}Z")
                    } else {
                        millis.to_string()
                    }
                }
            }
        }
        Cell::Uuid(u) => Cell::uuid_text(*u),
        Cell::Array(items) => Cell::json_array(items),
    }
}

fn pg(error: postgres::Error) -> Failure {
    Failure::Database(format!("PostgreSQL: {}", describe_pg(&error)))
}

/// The server's message with its detail, or the client error.
pub fn describe_pg(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => error.to_string(),
    }
}

fn my(error: mysql::Error) -> Failure {
    Failure::Database(format!("MySQL: {error}"))
}

fn lite(error: rusqlite::Error) -> Failure {
    Failure::Database(format!("SQLite: {error}"))
}

fn io(error: std::io::Error) -> Failure {
    Failure::Database(format!("PostgreSQL COPY: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_text_escapes() {
        let mut out = Vec::new();
        let types = [
            &ColumnType::Text,
            &ColumnType::Bytes,
            &ColumnType::Timestamptz,
            &ColumnType::Text,
        ];
        let row = [
            Cell::Text("a\tb\\c".into()),
            Cell::Bytes(vec![1, 255]),
            Cell::Timestamp(0),
            Cell::Null,
        ];
        copy_line(&row, &types, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\\tb\\\\c\t\\\\x01ff\t1970-01-01 00:00:00.000000+00\t\\N\n"
        );
    }

    #[test]
    fn mysql_literals_quote() {
        let mut out = String::new();
        let types = [&ColumnType::Text, &ColumnType::Bool, &ColumnType::Bytes];
        mysql_tuple(
            &[
                Cell::Text("it's".into()),
                Cell::Bool(true),
                Cell::Bytes(vec![10]),
            ],
            &types,
            &mut out,
        );
        assert_eq!(out, "('it''s',1,X'0a')");
    }
}
