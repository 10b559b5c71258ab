//! `schemac import`: existing DDL or a live database to `.schema` text, through
//! [`schemac_import`]. Warnings (what did not carry over exactly) go to stderr.

use crate::migrate::connection::{Access, Connection};
use crate::migrate::url::DbUrl;
use schemac_backends::DialectKind;
use schemac_import::{Imported, SqlDialect};
use std::path::Path;

/// Runs the import and prints (or writes) the result. Exit codes: 0 ok, 1 unreadable
/// input, 2 bad arguments, 3 database error.
pub fn run(
    file: Option<&Path>,
    dialect: Option<DialectKind>,
    url: Option<&str>,
    output: Option<&Path>,
) -> i32 {
    let imported = match (file, url) {
        (Some(file), None) => {
            let Some(dialect) = dialect else {
                eprintln!("error: `--dialect` is required with a file");
                return 2;
            };
            match std::fs::read_to_string(file) {
                Ok(sql) => schemac_import::from_sql(&sql, sql_dialect(dialect)),
                Err(error) => {
                    eprintln!("error: cannot read `{}`: {error}", file.display());
                    return 1;
                }
            }
        }
        (None, Some(url)) => match introspect(url) {
            Ok(imported) => imported,
            Err(message) => {
                eprintln!("error: {message}");
                return 3;
            }
        },
        _ => {
            eprintln!("error: give either a file with `--dialect`, or `--url`");
            return 2;
        }
    };
    for w in &imported.warnings {
        match w.line {
            Some(line) => eprintln!("warning: line {line}: {}", w.message),
            None => eprintln!("warning: {}", w.message),
        }
    }
    match output {
        Some(path) => match std::fs::write(path, &imported.text) {
            Ok(()) => 0,
            Err(error) => {
                eprintln!("error: cannot write `{}`: {error}", path.display());
                1
            }
        },
        None => {
            print!("{}", imported.text);
            0
        }
    }
}

fn sql_dialect(kind: DialectKind) -> SqlDialect {
    match kind {
        DialectKind::Postgres => SqlDialect::Postgres,
        DialectKind::Mysql | DialectKind::Mariadb => SqlDialect::Mysql,
        DialectKind::Sqlite => SqlDialect::Sqlite,
    }
}

/// Reads a live database (read-only for SQLite) and imports what it holds.
fn introspect(url: &str) -> Result<Imported, String> {
    let url = DbUrl::parse(url)?;
    let mut conn = Connection::connect(&url, Access::ReadOnly).map_err(|f| f.to_string())?;
    let kind = conn.kind().map_err(|f| f.to_string())?;
    let live = conn.introspect().map_err(|f| f.to_string())?;
    Ok(schemac_import::from_live(&live, sql_dialect(kind)))
}
