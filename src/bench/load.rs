//! Loading generated rows with each engine's fast path: PostgreSQL `COPY ... FROM STDIN`
//! (text format), MySQL / MariaDB multi-row `INSERT`s of 1,000 rows committed every ten
//! statements, SQLite one prepared `INSERT` inside a single transaction.

use super::cell::Cell;
use super::generate::{Generator, Outcome};
use super::progress::Progress;
use crate::migrate::connection::Connection;
use crate::migrate::Failure;
use mysql::prelude::Queryable;
use schemac_backends::naming::Namer;
use schemac_backends::DialectKind;
use schemac_compiler::ir::{ColumnType, Table};
use std::io::Write;

/// Rows per MySQL `INSERT` statement.
const MYSQL_BATCH: usize = 1000;
/// MySQL statements per transaction.
const MYSQL_BATCHES_PER_COMMIT: usize = 10;
/// Bytes buffered before they go to `COPY`.
const COPY_BUFFER: usize = 1 << 16;

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
                if rows == MYSQL_BATCH {
                    conn.query_drop(&statement).map_err(my)?;
                    statement.truncate(head.len());
                    rows = 0;
                    statements += 1;
                    if statements % MYSQL_BATCHES_PER_COMMIT == 0 {
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
            Cell::Bytes(bytes) => {
                out.extend_from_slice(b"\\\\x");
                out.extend_from_slice(Cell::hex(bytes).as_bytes());
            }
            Cell::Array(items) => {
                let quoted: Vec<String> = items
                    .iter()
                    .map(|item| format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\"")))
                    .collect();
                copy_escape(&format!("{{{}}}", quoted.join(",")), out);
            }
            other => copy_escape(&text(other, ty, Engine::Postgres), out),
        }
    }
    out.push(b'\n');
}

fn copy_escape(text: &str, out: &mut Vec<u8>) {
    for byte in text.bytes() {
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
                Engine::Postgres if with_zone => format!("{}+00", Cell::timestamp_text(*t, ' ')),
                Engine::Postgres | Engine::Mysql => Cell::timestamp_text(*t, ' '),
                Engine::Sqlite => {
                    // ISO-8601 with milliseconds, like the dialect's `now()` default.
                    let full = Cell::timestamp_text(*t, 'T');
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
