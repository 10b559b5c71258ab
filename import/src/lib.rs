//! `schemac import`: existing SQL DDL (PostgreSQL, MySQL/MariaDB, SQLite) or a live
//! database's description to `.schema` source.
//!
//! The pipeline: [`split`] the script into statements, read each with sqlparser into
//! the neutral [`model`] ([`ddl`]; a live database goes through [`live`] instead), then
//! [`emit`] writes `.schema` text, parses it back into the language's AST and returns
//! it formatted by `schemac_lang::fmt::format`. What the language cannot express is
//! kept verbatim with `@sql(..)` on the entity, or reported, and always warned about.

pub mod ddl;
pub mod emit;
pub mod emulation;
pub mod exprs;
pub mod live;
pub mod model;
mod names;
pub mod split;
pub mod types;

use sqlparser::dialect::{Dialect, MySqlDialect, PostgreSqlDialect, SQLiteDialect};

/// The SQL dialect of the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlDialect {
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
    Sqlite,
}

impl SqlDialect {
    fn parser(self) -> Box<dyn Dialect> {
        match self {
            SqlDialect::Postgres => Box::new(PostgreSqlDialect {}),
            SqlDialect::Mysql => Box::new(MySqlDialect {}),
            SqlDialect::Sqlite => Box::new(SQLiteDialect {}),
        }
    }

    /// The name `@sql(..)` tags verbatim statements with.
    pub fn as_str(self) -> &'static str {
        match self {
            SqlDialect::Postgres => "postgres",
            SqlDialect::Mysql => "mysql",
            SqlDialect::Sqlite => "sqlite",
        }
    }
}

/// Something the import could not carry over exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// The line of the statement in the input, for DDL text.
    pub line: Option<usize>,
    pub message: String,
}

/// The result: formatted `.schema` text and what did not carry over exactly.
pub struct Imported {
    pub text: String,
    pub warnings: Vec<Warning>,
}

/// Imports a DDL script.
pub fn from_sql(sql: &str, dialect: SqlDialect) -> Imported {
    let mut warnings = Vec::new();
    let mut schema = ddl::read(sql, dialect, &mut warnings);
    emulation::recognise(&mut schema, dialect);
    let text = emit::emit(&schema, dialect, &mut warnings);
    Imported { text, warnings }
}

/// Imports what an introspector read from a live database.
pub fn from_live(live: &schemac_backends::LiveSchema, dialect: SqlDialect) -> Imported {
    let mut warnings = Vec::new();
    let mut schema = live::read(live, dialect, &mut warnings);
    emulation::recognise(&mut schema, dialect);
    let text = emit::emit(&schema, dialect, &mut warnings);
    Imported { text, warnings }
}
